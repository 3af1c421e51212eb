package io.vigil.server.fuzz;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Permissions;
import io.vigil.server.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Who a fuzzed request claims to be: nobody, someone with a forged or dead credential, or a caller
 * of each role. What a role may do is {@link Permissions}' table, asked here, never copied.
 */
enum FuzzIdentity {
    NONE(null),
    FORGED(null),
    SERVICE(Role.SERVICE),
    ANALYST(Role.ANALYST),
    DATA_SCIENTIST(Role.DATA_SCIENTIST),
    ADMIN(Role.ADMIN);

    private final Role role;

    FuzzIdentity(Role role) {
        this.role = role;
    }

    /** The role of a valid credential; null for no identity or a credential that must be refused. */
    Role role() {
        return role;
    }

    /** Whether a correct server lets this caller reach a route that needs {@code access}. */
    boolean may(Access access) {
        return access == Access.PUBLIC || role != null && Permissions.allows(role, access);
    }

    /** Any caller, each as likely. */
    static FuzzIdentity any(Random r) {
        return values()[r.nextInt(values().length)];
    }

    /**
     * A caller for a case of the refused phase on a route needing {@code access}: one who may not
     * call it, or if everyone may (an open route), anyone (whose request is then damaged so that it must be refused).
     */
    static FuzzIdentity forRefusal(Access access, Random r) {
        List<FuzzIdentity> mayNot = callers(access, false);
        return mayNot.isEmpty() ? any(r) : mayNot.get(r.nextInt(mayNot.size()));
    }

    /** A caller who may call a route needing {@code access}. */
    static FuzzIdentity allowed(Access access, Random r) {
        List<FuzzIdentity> may = callers(access, true);
        return may.get(r.nextInt(may.size()));
    }

    private static List<FuzzIdentity> callers(Access access, boolean may) {
        List<FuzzIdentity> callers = new ArrayList<>();
        for (FuzzIdentity identity : values()) {
            if (identity.may(access) == may) {
                callers.add(identity);
            }
        }
        return callers;
    }

    /** The name in reports: {@code no identity}, {@code forged}, {@code data_scientist}... */
    String label() {
        return role != null ? role.wire() : this == NONE ? "no identity" : "forged credential";
    }
}
