package io.vigil.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.SteppingClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The buckets alone: bursts, independence of callers, addresses and groups, refill, off, and the bound on memory. */
class RateLimiterTest {
    private final SteppingClock clock = new SteppingClock();

    private static RateLimitSettings limits(int perIdentity, int perAddress) {
        Map<RouteGroup, RateLimitSettings.Limits> all = new EnumMap<>(RouteGroup.class);
        for (RouteGroup g : RouteGroup.values()) {
            all.put(g, new RateLimitSettings.Limits(perIdentity, perAddress));
        }
        return new RateLimitSettings(true, all);
    }

    @Test
    void aBurstPastTheLimitIsRefusedWithTheTimeUntilTheNextRequestFits() {
        RateLimiter limiter = new RateLimiter(limits(10, 0), clock);
        UUID caller = UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).as("request %d of the burst", i + 1).isTrue();
        }
        RateLimiter.Outcome refused = limiter.takeForCaller(RouteGroup.OTHER, caller);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.first()).isTrue();
        assertThat(refused.limitPerMinute()).isEqualTo(10);
        // 10 a minute refill one every 6 s
        assertThat(refused.retryAfterNanos()).isBetween(Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(6).toNanos());
        assertThat(refused.retryAfterSeconds()).isEqualTo(6);
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).first()).as("refusals after the first are not news").isFalse();
    }

    @Test
    void callersAddressesAndGroupsHaveBudgetsOfTheirOwn() {
        RateLimiter limiter = new RateLimiter(limits(3, 3), clock);
        UUID one = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            limiter.takeForCaller(RouteGroup.UPLOADS, one);
            limiter.takeForAddress(RouteGroup.UPLOADS, "192.0.2.1");
        }
        assertThat(limiter.takeForCaller(RouteGroup.UPLOADS, one).allowed()).isFalse();
        assertThat(limiter.takeForAddress(RouteGroup.UPLOADS, "192.0.2.1").allowed()).isFalse();
        assertThat(limiter.takeForCaller(RouteGroup.UPLOADS, UUID.randomUUID()).allowed()).as("another caller").isTrue();
        assertThat(limiter.takeForAddress(RouteGroup.UPLOADS, "192.0.2.2").allowed()).as("another address").isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.PREDICTIONS, one).allowed()).as("uploads do not spend predictions").isTrue();
        assertThat(limiter.takeForAddress(RouteGroup.PREDICTIONS, "192.0.2.1").allowed()).isTrue();
    }

    @Test
    void theBucketRefillsEvenlyOnTheInjectedClock() {
        RateLimiter limiter = new RateLimiter(limits(60, 0), clock);
        UUID caller = UUID.randomUUID();
        for (int i = 0; i < 60; i++) {
            limiter.takeForCaller(RouteGroup.PREDICTIONS, caller);
        }
        assertThat(limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(2)); // 60 a minute: one a second
        assertThat(limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed()).isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed()).isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed()).isFalse();
        clock.advance(Duration.ofMinutes(5)); // full again, and no fuller than a minute's worth
        int passed = 0;
        while (limiter.takeForCaller(RouteGroup.PREDICTIONS, caller).allowed()) {
            passed++;
        }
        assertThat(passed).isEqualTo(60);
    }

    @Test
    void offOrZeroLimitsNothing() {
        RateLimiter off = new RateLimiter(RateLimitSettings.off(), clock);
        assertThat(off.enabled()).isFalse();
        RateLimiter zero = new RateLimiter(limits(0, 0), clock);
        assertThat(zero.enabled()).isFalse();
        UUID caller = UUID.randomUUID();
        for (int i = 0; i < 10_000; i++) {
            assertThat(off.takeForCaller(RouteGroup.LOGIN, caller).allowed()).isTrue();
            assertThat(zero.takeForAddress(RouteGroup.OTHER, "192.0.2.9").allowed()).isTrue();
        }
        assertThat(zero.tracked(RouteGroup.OTHER)).isZero();
    }

    @Test
    void aClientRotatingAddressesCannotGrowTheBuckets() {
        RateLimiter limiter = new RateLimiter(limits(0, 5), clock);
        int addresses = RateLimiter.MAX_TRACKED * 3;
        for (int i = 0; i < addresses; i++) {
            limiter.takeForAddress(RouteGroup.OTHER, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(limiter.tracked(RouteGroup.OTHER)).isLessThanOrEqualTo(RateLimiter.MAX_TRACKED);
    }

    @Test
    void appliedLimitsHoldForTheNextRequestAndAnUnchangedSideKeepsItsCounts() {
        RateLimiter limiter = new RateLimiter(limits(5, 5), clock);
        UUID caller = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            limiter.takeForCaller(RouteGroup.OTHER, caller);
            limiter.takeForAddress(RouteGroup.OTHER, "192.0.2.1");
        }
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).isFalse();

        Map<RouteGroup, RateLimitSettings.Limits> changed = new EnumMap<>(RouteGroup.class);
        for (RouteGroup g : RouteGroup.values()) {
            changed.put(g, new RateLimitSettings.Limits(2, 5)); // the caller's side changes, the address's does not
        }
        limiter.apply(new RateLimitSettings(true, changed));
        assertThat(limiter.settings().of(RouteGroup.OTHER).perIdentity()).isEqualTo(2);
        // a changed side starts afresh, with a full bucket of the new size
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).isTrue();
        RateLimiter.Outcome refused = limiter.takeForCaller(RouteGroup.OTHER, caller);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limitPerMinute()).isEqualTo(2);
        // an unchanged side keeps its count: that address spent its 5
        assertThat(limiter.takeForAddress(RouteGroup.OTHER, "192.0.2.1").allowed()).isFalse();

        limiter.apply(new RateLimitSettings(false, changed));
        assertThat(limiter.enabled()).isFalse();
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).as("limits off: nothing counted").isTrue();
        limiter.apply(limits(1, 0));
        assertThat(limiter.enabled()).isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).isTrue();
        assertThat(limiter.takeForCaller(RouteGroup.OTHER, caller).allowed()).isFalse();
    }
}
