package io.vigil.server.auth;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of what each role may do. Everything under {@code /ml/datasets} ({@link Access#DATA})
 * and every change under {@code /ml/models} ({@link Access#CHANGE}) is for admins and data
 * scientists only: raw datasets may hold personal data, and analysts see models and results, not
 * training files. {@link Access#PUBLIC} needs no identity at all.
 */
public final class Permissions {
    private static final Map<Role, Set<Access>> TABLE = new EnumMap<>(Map.of(
            Role.ADMIN, EnumSet.of(Access.IDENTIFIED, Access.PREDICT, Access.READ, Access.TRIAGE, Access.DATA, Access.CHANGE, Access.ADMIN),
            Role.DATA_SCIENTIST, EnumSet.of(Access.IDENTIFIED, Access.PREDICT, Access.READ, Access.TRIAGE, Access.DATA, Access.CHANGE),
            Role.ANALYST, EnumSet.of(Access.IDENTIFIED, Access.PREDICT, Access.READ, Access.TRIAGE),
            Role.SERVICE, EnumSet.of(Access.IDENTIFIED, Access.PREDICT)));

    private Permissions() {}

    /** Whether {@code role} has {@code access}; everyone has {@link Access#PUBLIC}. */
    public static boolean allows(Role role, Access access) {
        return access == Access.PUBLIC || role != null && TABLE.get(role).contains(access);
    }

    /** Everything {@code role} may do, {@link Access#PUBLIC} aside. */
    public static Set<Access> of(Role role) {
        return Set.copyOf(TABLE.get(role));
    }

    /** The roles that have {@code access} (all of them for {@link Access#PUBLIC}). */
    public static Set<Role> rolesWith(Access access) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (allows(role, access)) {
                roles.add(role);
            }
        }
        return roles;
    }
}
