package io.vigil.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Counts failed logins per username and per client address over a window; past the limit, logins
 * for that name (or from that address) are refused until the window ends, without checking the
 * password, so guessing stops. An address may fail four times as often as a name: several users
 * may sit behind one proxy. The counts live in this instance's memory (bounded); a cluster of N
 * instances lets a guesser try at most N times the limit.
 */
final class LoginThrottle {
    static final int ADDRESS_FACTOR = 4;

    private record Window(Instant start, int failures) {}

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> counts;

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.counts = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /** How long a login for {@code username} from {@code address} must wait; zero: it may try now. */
    Duration waitFor(String username, String address) {
        Instant now = clock.instant();
        Duration user = wait(userKey(username), maxFailures, now);
        Duration from = wait(addressKey(address), maxFailures * ADDRESS_FACTOR, now);
        return user.compareTo(from) >= 0 ? user : from;
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        count(userKey(username), now);
        count(addressKey(address), now);
    }

    /** A login that worked clears its name's count (not its address's: one good password does not excuse a spray). */
    void succeeded(String username) {
        counts.invalidate(userKey(username));
    }

    private Duration wait(String key, int limit, Instant now) {
        Window w = counts.getIfPresent(key);
        if (w == null || w.failures() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, w.start().plus(window));
        return left.isNegative() || left.isZero() ? Duration.ZERO : left;
    }

    private void count(String key, Instant now) {
        counts.asMap().compute(key, (k, w) -> w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
