package io.vigil.server.monitoring.alerts.channels;

import java.time.Duration;

/**
 * How deliveries are retried and when a channel is left alone ({@code alerts.delivery.*}).
 *
 * @param maxAttempts  tries of one delivery before it is {@code failed}
 * @param firstBackoff the wait after the first failed try; each next wait doubles (60 s: tries at 0, 1, 3, 7, 15 min)
 * @param threads      deliveries sent at once by this instance (one at a time per channel)
 * @param breakerCalls the circuit opens when a channel's last {@code breakerCalls} tries all failed
 * @param breakerOpen  how long an open circuit keeps a channel's deliveries waiting before one try is let through
 * @param keepDays     how long delivered and failed deliveries stay listed
 */
public record DeliveryPolicy(int maxAttempts, Duration firstBackoff, int threads, int breakerCalls, Duration breakerOpen, int keepDays) {
    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(5, Duration.ofSeconds(60), 4, 5, Duration.ofSeconds(60), 30);
    private static final Duration LONGEST_WAIT = Duration.ofDays(1);

    public DeliveryPolicy {
        if (maxAttempts < 1 || firstBackoff.isNegative() || firstBackoff.isZero() || threads < 1 || breakerCalls < 1
                || breakerOpen.isNegative() || breakerOpen.isZero() || keepDays < 1) {
            throw new IllegalArgumentException("invalid delivery policy");
        }
    }

    /** The wait after the {@code attempts}-th failed try: {@code firstBackoff} doubled each time, at most a day. */
    public Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = firstBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
