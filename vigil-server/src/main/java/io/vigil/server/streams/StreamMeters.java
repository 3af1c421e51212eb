package io.vigil.server.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One stream's Prometheus meters: {@code vigil_stream_records_total{stream, outcome}} (outcome {@code scored},
 * {@code alerted}, {@code dead_lettered}), {@code vigil_stream_lag{stream, partition}} for each partition this
 * instance holds, and {@code vigil_stream_records_per_second{stream}}. Removed with the stream.
 */
final class StreamMeters implements AutoCloseable {
    static final String RECORDS = "vigil.stream.records";
    static final String LAG = "vigil.stream.lag";
    static final String RATE = "vigil.stream.records.per.second";

    private final MeterRegistry registry;
    private final String stream;
    private final StreamCounters counters;
    private final List<Meter> meters = new ArrayList<>();
    private final Set<Integer> lagPartitions = new HashSet<>();
    final Counter scored;
    final Counter alerted;
    final Counter deadLettered;

    /** @param registry null: metrics are off, the counters count for nobody */
    StreamMeters(MeterRegistry registry, String stream, StreamCounters counters) {
        this.registry = registry == null ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry() : registry;
        this.stream = stream;
        this.counters = counters;
        this.scored = counter("scored");
        this.alerted = counter("alerted");
        this.deadLettered = counter("dead_lettered");
        meters.add(Gauge.builder(RATE, counters, StreamCounters::rate).tag("stream", stream)
                .description("Records a stream handled per second on this instance").strongReference(true).register(this.registry));
    }

    private Counter counter(String outcome) {
        Counter c = Counter.builder(RECORDS).tag("stream", stream).tag("outcome", outcome)
                .description("Records a stream read, by outcome: scored (a verdict written), alerted (also to the alerts topic), "
                        + "dead_lettered").register(registry);
        meters.add(c);
        return c;
    }

    /** A lag gauge for each partition this instance came to hold (a partition given away reads NaN: no series). */
    void watchPartitions(Iterable<Integer> partitions) {
        for (int p : partitions) {
            if (lagPartitions.add(p)) {
                meters.add(Gauge.builder(LAG, counters, c -> c.lag(p)).tag("stream", stream).tag("partition", Integer.toString(p))
                        .description("Records behind the end of a partition this instance's consumer holds").strongReference(true)
                        .register(registry));
            }
        }
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
