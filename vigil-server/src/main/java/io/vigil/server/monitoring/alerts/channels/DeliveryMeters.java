package io.vigil.server.monitoring.alerts.channels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channels' meters on {@link VigilMetrics#registry()}: {@code vigil_alert_deliveries_total{type,result}}
 * (each try's outcome: {@code delivered}, {@code retry}, {@code failed} (given up), {@code deferred} (circuit
 * open)), {@code vigil_alerts_fired_total{rule,channel}} (firing notices queued per rule and channel name:
 * bounded by the rules and channels admins make), {@code vigil_alert_deliveries_pending}, refreshed with
 * the other gauges that cost a query, and {@code vigil_alert_notices_lost_total}: notices that could not
 * be stored at all (the database down for long enough to fill the backlog kept in memory).
 */
final class DeliveryMeters {
    static final String DELIVERIES = "vigil.alert.deliveries";
    static final String PENDING = "vigil.alert.deliveries.pending";
    static final String LOST = "vigil.alert.notices.lost";
    enum Result { DELIVERED, RETRY, FAILED, DEFERRED }

    private final MeterRegistry registry;
    private final Map<ChannelType, Map<Result, Counter>> deliveries = new EnumMap<>(ChannelType.class);
    private final AtomicLong pending = new AtomicLong();
    private final Counter lost;

    DeliveryMeters(MeterRegistry registry) {
        this.registry = registry;
        for (ChannelType type : ChannelType.values()) {
            Map<Result, Counter> byResult = new EnumMap<>(Result.class);
            for (Result result : Result.values()) {
                byResult.put(result, Counter.builder(DELIVERIES).description("Alert deliveries' tries by channel type and outcome")
                        .tags("type", type.wire(), "result", result.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
            }
            deliveries.put(type, byResult);
        }
        Gauge.builder(PENDING, pending, AtomicLong::get).description("Alert deliveries waiting to be sent, on every instance")
                .register(registry);
        lost = Counter.builder(LOST).description("Alert notices dropped: they could not be stored for delivery").register(registry);
    }

    void lost() {
        lost.increment();
    }

    void count(ChannelType type, Result result) {
        deliveries.get(type).get(result).increment();
    }

    /** A firing notice queued for a channel. */
    void fired(String rule, String channel) {
        Counter.builder(VigilMetrics.ALERTS_FIRED).description("Firing alerts queued for delivery, by rule and channel")
                .tags("rule", rule == null ? "" : rule, "channel", channel).register(registry).increment();
    }

    void pending(long value) {
        pending.set(value);
    }
}
