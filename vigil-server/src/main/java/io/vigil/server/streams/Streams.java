package io.vigil.server.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.server.core.VigilException;
import io.vigil.server.settings.RuntimeSection;
import io.vigil.server.settings.RuntimeSettings;
import io.vigil.server.settings.Thresholds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka stream scoring, wired: the {@code streams} runtime section (its default from {@code vigil.yaml}) and
 * one {@link StreamRunner} per enabled stream on this instance. A change of the section, made on any instance,
 * stops the streams it removed or changed and starts the new ones, on the {@code vigil-streams} thread (a
 * consumer's clean stop waits for the brokers, which no request should). Built after serving and detections
 * (its verdicts), closed before them.
 */
public final class Streams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Streams.class);

    private final StreamScoring scoring;
    private final RuntimeSection<Thresholds> thresholds;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-streams");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, StreamRunner> running = new LinkedHashMap<>(); // touched on the control thread only
    private volatile Map<String, StreamRunner> view = Map.of();
    private volatile StreamSettings settings = StreamSettings.NONE;
    private RuntimeSection<StreamSettings> section;
    private volatile String fallbackBrokers;

    /**
     * @param scoring    serving's one scoring path ({@code Serving::scoreStream})
     * @param registry   where the stream meters go; null when metrics are off
     */
    public Streams(StreamScoring scoring, RuntimeSection<Thresholds> thresholds, MeterRegistry registry, Clock clock) {
        this.scoring = scoring;
        this.thresholds = thresholds;
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the {@code streams} section with {@code configured} (from {@code vigil.yaml}) as its default, and puts it in force. */
    public Streams start(RuntimeSettings runtime, StreamSettings configured) {
        String fallback = configured.bootstrapServers(); // kafka.bootstrapServers: for a runtime value that names no brokers
        this.fallbackBrokers = fallback;
        section = runtime.register(RuntimeSection.of(StreamSettings.SECTION, StreamSettings.class, configured,
                value -> StreamSettings.validate(value, fallback)));
        section.listen(s -> {
            settings = s;
            control.execute(() -> apply(s));
        });
        return this;
    }

    /** Every configured stream's state on this instance, in configuration order. */
    public List<StreamStatus> list() {
        List<StreamStatus> out = new ArrayList<>();
        for (StreamDefinition d : settings.streams()) {
            out.add(statusOf(d));
        }
        return out;
    }

    /** One stream's state on this instance; not found when no stream has that name. */
    public StreamStatus get(String name) {
        StreamDefinition d = settings.stream(name);
        if (d == null) {
            throw VigilException.notFound("no stream called " + name + "; streams are configured in the streams section (/ml/config/streams)");
        }
        return statusOf(d);
    }

    private StreamStatus statusOf(StreamDefinition d) {
        StreamRunner r = view.get(d.name());
        if (r != null && r.definition().equals(d)) {
            return r.status();
        }
        return new StreamStatus(d.name(), d, d.group(), d.isEnabled() ? "starting" : "disabled", List.of(), 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** Makes the runners match {@code s}: a stream removed, disabled or changed stops; a new or changed one starts. */
    private void apply(StreamSettings s) {
        Map<String, StreamDefinition> wanted = new LinkedHashMap<>();
        for (StreamDefinition d : s.streams()) {
            if (d.isEnabled()) {
                wanted.put(d.name(), d);
            }
        }
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            StreamDefinition now = wanted.get(e.getKey());
            if (now == null || !now.equals(e.getValue().definition()) || !s.brokersOf(now, fallbackBrokers).equals(e.getValue().brokers())) {
                e.getValue().close();
                it.remove();
                log.atInfo().addKeyValue("stream", e.getKey()).log("stream stopped");
            }
        }
        for (StreamDefinition d : wanted.values()) {
            if (!running.containsKey(d.name())) {
                StreamCounters counters = new StreamCounters(clock);
                StreamRunner runner = new StreamRunner(d, s.brokersOf(d, fallbackBrokers), scoring, thresholds::current, counters,
                        new StreamMeters(registry, d.name(), counters));
                running.put(d.name(), runner.start());
                log.atInfo().addKeyValue("stream", d.name()).addKeyValue("inputTopic", d.inputTopic()).addKeyValue("modelType", d.modelType())
                        .addKeyValue("group", d.group()).log("stream started");
            }
        }
        view = Map.copyOf(running);
    }

    /** Stops every stream: what each scored is written and committed first. */
    @Override
    public void close() {
        control.execute(() -> {
            running.values().forEach(StreamRunner::close);
            running.clear();
            view = Map.of();
        });
        control.shutdown();
        try {
            if (!control.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("streams did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
