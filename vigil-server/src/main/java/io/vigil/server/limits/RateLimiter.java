package io.vigil.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Token buckets (Bucket4j) per caller and per client address for each {@link RouteGroup}: a request
 * takes one token, or is refused with the time until the next one. Each bucket holds a minute's worth
 * and refills evenly, so a burst of up to a minute's limit passes and then the rate is held.
 *
 * <p>Buckets live in bounded caches (Caffeine), {@value #MAX_TRACKED} per group and side: a client
 * rotating addresses cannot grow memory. A bucket untouched for a minute would be full again, so
 * dropping it then loses nothing; one dropped earlier, under the size bound, gives its client a
 * fresh budget, which is what a new address would have had anyway. Counts live in this instance's
 * memory: N instances behind a balancer let a caller send up to N times the limit.
 *
 * <p>Time comes from the injected {@link Clock}, so tests can move it. The limits change while
 * requests flow through {@link #apply} (the {@code rateLimits} runtime settings section).
 */
public final class RateLimiter {
    /** Buckets kept per group and side (caller, address); the least recently used go first. */
    public static final int MAX_TRACKED = 50_000;
    private static final Duration REFILL = Duration.ofMinutes(1);

    private final TimeMeter time;
    private volatile Limiters limiters; // replaced whole by apply: a request reads it once

    /** The settings and, by RouteGroup ordinal, the buckets of each side; null where that side of that group has no limit. */
    private record Limiters(RateLimitSettings settings, Buckets<UUID>[] byIdentity, Buckets<String>[] byAddress) {}

    public RateLimiter(RateLimitSettings settings, Clock clock) {
        this.time = new ClockTime(clock);
        this.limiters = build(settings, null);
    }

    /**
     * Puts {@code settings} in force at once, for the requests that come next. A side of a group whose
     * limit is unchanged keeps its buckets, and so every client's count; a side whose limit changed
     * starts afresh: each client gets a full bucket of the new size (a minute's worth), as a new
     * client would. A request being counted as this runs is counted under the old limits.
     */
    public void apply(RateLimitSettings settings) {
        synchronized (this) {
            limiters = build(settings, limiters);
        }
    }

    @SuppressWarnings("unchecked")
    private Limiters build(RateLimitSettings settings, Limiters before) {
        RouteGroup[] groups = RouteGroup.values();
        Buckets<UUID>[] byIdentity = new Buckets[groups.length];
        Buckets<String>[] byAddress = new Buckets[groups.length];
        for (RouteGroup group : groups) {
            int g = group.ordinal();
            RateLimitSettings.Limits limits = settings.of(group);
            int perIdentity = settings.enabled() ? limits.perIdentity() : 0;
            int perAddress = settings.enabled() ? limits.perAddress() : 0;
            byIdentity[g] = perIdentity == 0 ? null : reuse(before == null ? null : before.byIdentity()[g], perIdentity);
            byAddress[g] = perAddress == 0 ? null : reuse(before == null ? null : before.byAddress()[g], perAddress);
        }
        return new Limiters(settings, byIdentity, byAddress);
    }

    private <K> Buckets<K> reuse(Buckets<K> before, int perMinute) {
        return before != null && before.perMinute == perMinute ? before : new Buckets<>(perMinute, time);
    }

    public RateLimitSettings settings() {
        return limiters.settings();
    }

    /** Whether any limit is on now: if not, nothing needs to ask. */
    public boolean enabled() {
        Limiters now = limiters;
        for (RouteGroup group : RouteGroup.values()) {
            if (now.byIdentity()[group.ordinal()] != null || now.byAddress()[group.ordinal()] != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a token from the bucket of caller {@code caller} for {@code group}.
     *
     * @return {@link Outcome#ALLOWED}, or a refusal saying how long until the next request fits
     */
    public Outcome takeForCaller(RouteGroup group, UUID caller) {
        Buckets<UUID> buckets = limiters.byIdentity()[group.ordinal()];
        return buckets == null ? Outcome.ALLOWED : buckets.take(caller);
    }

    /** Takes a token from the bucket of client address {@code address} for {@code group}. */
    public Outcome takeForAddress(RouteGroup group, String address) {
        Buckets<String> buckets = limiters.byAddress()[group.ordinal()];
        return buckets == null ? Outcome.ALLOWED : buckets.take(address);
    }

    /** Buckets tracked now for {@code group}'s callers and addresses; for tests of the bound. */
    public long tracked(RouteGroup group) {
        Limiters now = limiters;
        Buckets<UUID> identity = now.byIdentity()[group.ordinal()];
        Buckets<String> address = now.byAddress()[group.ordinal()];
        return (identity == null ? 0 : identity.size()) + (address == null ? 0 : address.size());
    }

    /**
     * What a request may do: go on, or wait {@link #retryAfterNanos()}. {@link #first()} marks the first
     * refusal after a run of allowed requests, so that a flood is logged once, not once a request.
     */
    public record Outcome(long retryAfterNanos, int limitPerMinute, boolean first) {
        public static final Outcome ALLOWED = new Outcome(0, 0, false);

        public boolean allowed() {
            return retryAfterNanos == 0;
        }

        /** Whole seconds to wait, rounded up, at least 1: what {@code Retry-After} says. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** One bucket and whether its last request was refused. */
    private static final class Tracked {
        final Bucket bucket;
        volatile boolean refusing;

        Tracked(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    /** The buckets of one side of one group, all with the same limit. */
    private static final class Buckets<K> {
        private final int perMinute;
        private final Bandwidth bandwidth;
        private final TimeMeter time;
        private final Cache<K, Tracked> cache;

        Buckets(int perMinute, TimeMeter time) {
            this.perMinute = perMinute;
            this.bandwidth = Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, REFILL).build();
            this.time = time;
            // untouched for the refill time, a bucket is full again: dropping it then changes nothing
            this.cache = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(REFILL).build();
        }

        Outcome take(K key) {
            Tracked tracked = cache.get(key, k -> new Tracked(Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build()));
            ConsumptionProbe probe = tracked.bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                if (tracked.refusing) {
                    tracked.refusing = false;
                }
                return Outcome.ALLOWED;
            }
            boolean first = !tracked.refusing;
            tracked.refusing = true;
            return new Outcome(Math.max(1, probe.getNanosToWaitForRefill()), perMinute, first);
        }

        long size() {
            cache.cleanUp();
            return cache.estimatedSize();
        }
    }

    /** Bucket4j's time from the injected clock. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
