package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The one table of what each role may do, as issue 18 states it. */
class PermissionsTest {
    @Test
    void eachRoleMayExactlyWhatTheIssueSays() {
        assertThat(Permissions.of(Role.ADMIN)).containsExactlyInAnyOrder(Access.IDENTIFIED, Access.PREDICT, Access.READ,
                Access.TRIAGE, Access.DATA, Access.CHANGE, Access.ADMIN);
        assertThat(Permissions.of(Role.DATA_SCIENTIST)).containsExactlyInAnyOrder(Access.IDENTIFIED, Access.PREDICT, Access.READ,
                Access.TRIAGE, Access.DATA, Access.CHANGE);
        // analysts triage incidents (issue 22): status, assignee, notes
        assertThat(Permissions.of(Role.ANALYST)).containsExactlyInAnyOrder(Access.IDENTIFIED, Access.PREDICT, Access.READ, Access.TRIAGE);
        assertThat(Permissions.of(Role.SERVICE)).containsExactlyInAnyOrder(Access.IDENTIFIED, Access.PREDICT);
    }

    @Test
    void datasetsAndChangesAreForAdminsAndDataScientistsOnly() {
        assertThat(Permissions.rolesWith(Access.DATA)).isEqualTo(EnumSet.of(Role.ADMIN, Role.DATA_SCIENTIST));
        assertThat(Permissions.rolesWith(Access.CHANGE)).isEqualTo(EnumSet.of(Role.ADMIN, Role.DATA_SCIENTIST));
        assertThat(Permissions.rolesWith(Access.ADMIN)).isEqualTo(EnumSet.of(Role.ADMIN));
    }

    @Test
    void publicNeedsNoRoleAndEveryRoleHasIdentity() {
        assertThat(Permissions.allows(null, Access.PUBLIC)).isTrue();
        for (Access access : Access.values()) {
            if (access != Access.PUBLIC) {
                assertThat(Permissions.allows(null, access)).as(access.name()).isFalse();
            }
        }
        assertThat(Permissions.rolesWith(Access.IDENTIFIED)).isEqualTo(EnumSet.allOf(Role.class));
    }

    @Test
    void eachRoleMayAllThatTheRolesBelowItMay() {
        Role[] chain = {Role.SERVICE, Role.ANALYST, Role.DATA_SCIENTIST, Role.ADMIN};
        for (int i = 1; i < chain.length; i++) {
            assertThat(Permissions.of(chain[i])).containsAll(Permissions.of(chain[i - 1]));
        }
    }

    @Test
    void rolesReadTheirWireNames() {
        assertThat(Role.parse("data_scientist")).contains(Role.DATA_SCIENTIST);
        assertThat(Role.parse(" Data-Scientist ")).contains(Role.DATA_SCIENTIST);
        assertThat(Role.parse("root")).isEmpty();
        assertThat(Role.names()).isEqualTo("admin, data_scientist, analyst, service");
    }
}
