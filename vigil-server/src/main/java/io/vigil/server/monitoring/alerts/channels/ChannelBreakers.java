package io.vigil.server.monitoring.alerts.channels;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per channel, on this instance: it opens when the channel's last
 * {@code breakerCalls} tries all failed (one success among them keeps it closed); while open, the channel's deliveries wait
 * ({@code breakerOpen}) instead of tying up a sender; then one try is let through (half open), and
 * its outcome closes or opens the circuit again. Time comes from the injected clock.
 */
final class ChannelBreakers {
    private static final Logger log = LoggerFactory.getLogger(ChannelBreakers.class);

    private final CircuitBreakerConfig config;
    private final Map<UUID, CircuitBreaker> byChannel = new ConcurrentHashMap<>();

    ChannelBreakers(DeliveryPolicy policy, Clock clock) {
        this.config = CircuitBreakerConfig.custom()
                .slidingWindow(policy.breakerCalls(), policy.breakerCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(policy.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    /** The channel's breaker, made closed on first use. */
    CircuitBreaker of(Channel channel) {
        return byChannel.computeIfAbsent(channel.id(), id -> {
            CircuitBreaker breaker = CircuitBreaker.of("alert-channel-" + id, config);
            breaker.getEventPublisher().onStateTransition(e -> log.atInfo().addKeyValue("channel", channel.name())
                    .addKeyValue("channelId", id).addKeyValue("transition", e.getStateTransition().toString())
                    .log("alert channel circuit changed"));
            return breaker;
        });
    }

    /** {@code closed}, {@code open} or {@code half_open} on this instance; closed for a channel not tried yet. */
    String state(UUID channelId) {
        CircuitBreaker breaker = byChannel.get(channelId);
        return breaker == null ? "closed" : breaker.getState().name().toLowerCase(Locale.ROOT);
    }

    /** Starts the channel afresh (its target changed, or it is gone). */
    void forget(UUID channelId) {
        byChannel.remove(channelId);
    }
}
