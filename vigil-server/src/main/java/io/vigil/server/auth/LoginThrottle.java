package io.vigil.server.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts failed logins per username and per client address over a window; past the limit, logins
 * for that name (or from that address) are refused until the window ends, without checking the
 * password, so guessing stops. An address may fail four times as often as a name: several users
 * may sit behind one proxy.
 *
 * <p>The counts are in PostgreSQL ({@code login_failures}, V25), shared by every instance of the
 * database: behind a load balancer a guesser gets the same number of tries as against one
 * instance. A failure is counted by one upsert (atomic across instances); a login costs one
 * indexed read besides, which is nothing next to the password hash it protects.
 */
final class LoginThrottle {
    static final int ADDRESS_FACTOR = 4;

    private record Window(Instant start, int failures) {}

    private final Jdbi jdbi;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(Jdbi jdbi, int maxFailures, Duration window, Clock clock) {
        this.jdbi = jdbi;
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long a login for {@code username} from {@code address} must wait; zero: it may try now. */
    Duration waitFor(String username, String address) {
        Instant now = clock.instant();
        String user = userKey(username);
        String from = addressKey(address);
        Duration userWait = Duration.ZERO;
        Duration addressWait = Duration.ZERO;
        for (Counted c : counted(List.of(user, from))) {
            if (c.key().equals(user)) {
                userWait = wait(c.window(), maxFailures, now);
            } else {
                addressWait = wait(c.window(), maxFailures * ADDRESS_FACTOR, now);
            }
        }
        return userWait.compareTo(addressWait) >= 0 ? userWait : addressWait;
    }

    void failed(String username, String address) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp ended = Timestamp.from(clock.instant().minus(window)); // a window that started then or before is over
        jdbi.useTransaction(h -> {
            for (String key : List.of(userKey(username), addressKey(address))) {
                h.createUpdate("insert into login_failures (key, window_start, failures) values (:key, :now, 1) "
                                + "on conflict (key) do update set "
                                + "window_start = case when login_failures.window_start <= :ended then :now else login_failures.window_start end, "
                                + "failures = case when login_failures.window_start <= :ended then 1 else login_failures.failures + 1 end")
                        .bind("key", key).bind("now", now).bind("ended", ended).execute();
            }
            // windows that are over count for nothing: they go, so the table holds only live ones
            h.createUpdate("delete from login_failures where window_start <= :ended").bind("ended", ended).execute();
        });
    }

    /** A login that worked clears its name's count (not its address's: one good password does not excuse a spray). */
    void succeeded(String username) {
        jdbi.useHandle(h -> h.createUpdate("delete from login_failures where key = :key").bind("key", userKey(username)).execute());
    }

    private record Counted(String key, Window window) {}

    private List<Counted> counted(List<String> keys) {
        return jdbi.withHandle(h -> h.createQuery("select key, window_start, failures from login_failures where key in (<keys>)")
                .bindList("keys", keys)
                .map((rs, ctx) -> new Counted(rs.getString("key"),
                        new Window(rs.getTimestamp("window_start").toInstant(), rs.getInt("failures"))))
                .list());
    }

    private Duration wait(Window w, int limit, Instant now) {
        if (w.failures() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, w.start().plus(window));
        return left.isNegative() || left.isZero() ? Duration.ZERO : left;
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
