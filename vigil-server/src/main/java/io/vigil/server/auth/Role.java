package io.vigil.server.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who a user or an API key is: what each may do is {@link Permissions}' table, nowhere else. */
public enum Role {
    /** Everything: users, keys, and all the others may do. */
    ADMIN("admin"),
    /** Datasets, models, training, validation, deployment. */
    DATA_SCIENTIST("data_scientist"),
    /** Reads models, versions, metrics, jobs and predictions; predicts. Never raw datasets. */
    ANALYST("analyst"),
    /** The SOC pipeline's machines: predictions only. */
    SERVICE("service");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name in JSON, the database and the CLI: {@code admin}, {@code data_scientist}, ... */
    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(r -> r.wire.equals(wanted)).findFirst();
    }

    @JsonCreator
    static Role fromJson(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "'; roles are " + names()));
    }

    /** {@code value} of the request field {@code field} as a role; null (and an error in {@code errors}) if it names none. */
    static Role read(io.vigil.server.core.FieldErrors errors, String field, String value) {
        if (value == null) {
            return null;
        }
        Optional<Role> role = parse(value);
        if (role.isEmpty()) {
            errors.add(field, "unknown role '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "': one of " + names());
        }
        return role.orElse(null);
    }

    /** The roles' names, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Role::wire).toList());
    }
}
