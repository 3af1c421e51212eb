package io.vigil.server.auth;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users: the first admin, and what admins do to users (create, list, change role, disable, reset a
 * password). A change that would leave no enabled admin is refused. Disabling a user or resetting
 * its password ends its sessions (its refresh tokens); its access tokens stop working within the
 * identity cache's time.
 */
public final class Users {
    private static final Logger log = LoggerFactory.getLogger(Users.class);
    public static final String FIRST_ADMIN = "admin";
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final UserRepository repository;
    private final PasswordHasher hasher;
    private final RefreshTokens sessions;
    private final Clock clock;
    private final Consumer<UUID> changed;

    Users(UserRepository repository, PasswordHasher hasher, RefreshTokens sessions, Clock clock, Consumer<UUID> changed) {
        this.repository = repository;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
        this.changed = changed;
    }

    /**
     * On a database with no user, creates {@value #FIRST_ADMIN} with {@code configuredPassword}, or
     * with a generated one printed once on {@code console} (never to the log). Instances starting
     * together create one admin: the check and the insert run under a lock they all take.
     */
    void ensureFirstAdmin(String configuredPassword, PrintStream console) {
        String password = configuredPassword != null ? configuredPassword : Secrets.randomToken();
        Instant now = clock.instant();
        boolean created = repository.insertIfNoUsers(() -> new UserRepository.Stored(
                new User(Uuids.random(), FIRST_ADMIN, Role.ADMIN, false, now, now), hasher.hash(password)));
        if (!created) {
            return;
        }
        log.atInfo().addKeyValue("username", FIRST_ADMIN).addKeyValue("passwordFrom",
                configuredPassword != null ? "VIGIL_ADMIN_PASSWORD" : "generated, printed on the console").log("first admin created");
        if (configuredPassword == null) {
            console.println();
            console.println("Vigil created the first user, '" + FIRST_ADMIN + "', with this password (shown once, never again):");
            console.println();
            console.println("    " + password);
            console.println();
            console.println("Log in with it (POST /auth/login or ./vigil login), then create users and API keys.");
            console.println();
            console.flush();
        }
    }

    public User create(String username, String roleName, String password) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("username", username, "is required") && !USERNAME.matcher(username).matches()) {
            errors.add("username", "use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        Role role = errors.required("role", roleName, "is required: one of " + Role.names()) ? Role.read(errors, "role", roleName) : null;
        if (errors.required("password", password, "is required")) {
            checkPassword(errors, "password", password, username);
        }
        errors.throwIfAny();
        User user = repository.insert(Uuids.random(), username, role, hasher.hash(password), clock.instant());
        log.atInfo().addKeyValue("username", user.username()).addKeyValue("role", role.wire()).log("user created");
        return user;
    }

    public Page<User> list(int page, int size) {
        return repository.list(page, size);
    }

    public User get(UUID id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    Optional<User> find(UUID id) {
        return repository.find(id);
    }

    /** Changes a user's role and/or whether it is disabled (null: unchanged). */
    public User change(UUID id, String roleName, Boolean disabled) {
        FieldErrors errors = new FieldErrors();
        if (roleName == null && disabled == null) {
            errors.add("role", "give a new role, or disabled (true or false)");
        }
        Role role = Role.read(errors, "role", roleName);
        errors.throwIfAny();
        User user = update(id, (current, admins) -> {
            Role newRole = role != null ? role : current.role();
            boolean newDisabled = disabled != null ? disabled : current.disabled();
            refuseNoAdminLeft(current, newRole, newDisabled, admins);
            return new UserRepository.Update(newRole, newDisabled, null);
        });
        if (user.disabled()) {
            sessions.revokeAll(user.id());
        }
        log.atInfo().addKeyValue("username", user.username()).addKeyValue("role", user.role().wire())
                .addKeyValue("disabled", user.disabled()).log("user changed");
        return user;
    }

    /** Sets a new password (an admin's reset): the user's sessions end. */
    public User resetPassword(UUID id, String password) {
        User found = get(id);
        FieldErrors errors = new FieldErrors();
        if (errors.required("password", password, "is required")) {
            checkPassword(errors, "password", password, found.username());
        }
        errors.throwIfAny();
        String hash = hasher.hash(password);
        User user = update(id, (current, admins) -> new UserRepository.Update(current.role(), current.disabled(), hash));
        sessions.revokeAll(user.id());
        log.atInfo().addKeyValue("username", user.username()).log("password reset");
        return user;
    }

    private User update(UUID id, UserRepository.Change change) {
        User user = repository.update(id, clock.instant(), change).orElseThrow(() -> notFound(id));
        changed.accept(id);
        return user;
    }

    private static void refuseNoAdminLeft(User current, Role newRole, boolean newDisabled, int enabledAdmins) {
        boolean wasEnabledAdmin = current.role() == Role.ADMIN && !current.disabled();
        boolean staysEnabledAdmin = newRole == Role.ADMIN && !newDisabled;
        if (wasEnabledAdmin && !staysEnabledAdmin && enabledAdmins <= 1) {
            throw VigilException.conflict("'" + current.username() + "' is the last enabled admin: make another admin first");
        }
    }

    static void checkPassword(FieldErrors errors, String field, String password, String username) {
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add(field, "use " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        } else if (password.isBlank() || username != null && password.equalsIgnoreCase(username)) {
            errors.add(field, "must not be blank or the username");
        }
    }

    private static VigilException notFound(UUID id) {
        return VigilException.notFound("no user with id " + id);
    }
}
