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
 * <p>Time comes from the injected {@link Clock}, so tests can move it.
 */
public final class RateLimiter {
    /** Buckets kept per group and side (caller, address); the least recently used go first. */
    public static final int MAX_TRACKED = 50_000;
    private static final Duration REFILL = Duration.ofMinutes(1);

    private final RateLimitSettings settings;
    // by RouteGroup ordinal; null where that side of that group has no limit
    private final Buckets<UUID>[] byIdentity;
    private final Buckets<String>[] byAddress;

    @SuppressWarnings("unchecked")
    public RateLimiter(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        TimeMeter time = new ClockTime(clock);
        RouteGroup[] groups = RouteGroup.values();
        this.byIdentity = new Buckets[groups.length];
        this.byAddress = new Buckets[groups.length];
        for (RouteGroup group : groups) {
            RateLimitSettings.Limits limits = settings.of(group);
            byIdentity[group.ordinal()] = settings.enabled() && limits.perIdentity() > 0 ? new Buckets<>(limits.perIdentity(), time) : null;
            byAddress[group.ordinal()] = settings.enabled() && limits.perAddress() > 0 ? new Buckets<>(limits.perAddress(), time) : null;
        }
    }

    public RateLimitSettings settings() {
        return settings;
    }

    /** Whether any limit is on: if not, nothing needs to ask. */
    public boolean enabled() {
        if (!settings.enabled()) {
            return false;
        }
        for (RouteGroup group : RouteGroup.values()) {
            if (byIdentity[group.ordinal()] != null || byAddress[group.ordinal()] != null) {
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
        Buckets<UUID> buckets = byIdentity[group.ordinal()];
        return buckets == null ? Outcome.ALLOWED : buckets.take(caller);
    }

    /** Takes a token from the bucket of client address {@code address} for {@code group}. */
    public Outcome takeForAddress(RouteGroup group, String address) {
        Buckets<String> buckets = byAddress[group.ordinal()];
        return buckets == null ? Outcome.ALLOWED : buckets.take(address);
    }

    /** Buckets tracked now for {@code group}'s callers and addresses; for tests of the bound. */
    public long tracked(RouteGroup group) {
        Buckets<UUID> identity = byIdentity[group.ordinal()];
        Buckets<String> address = byAddress[group.ordinal()];
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
