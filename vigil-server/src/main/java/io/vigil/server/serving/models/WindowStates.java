package io.vigil.server.serving.models;

import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.engine.windows.WindowFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-entity state of each model version with window features, one per version on this
 * instance, kept while the server runs: each scored record's event updates it in arrival order. A
 * state is made when its version is first loaded and restored then from the raw events the
 * prediction log recorded for that version ({@link RecordedEvents}): those of the longest of its
 * windows, and at least of the last {@link #REPLAYED_AT_LEAST}, so that the last-N windows and lags
 * of entities seen in that time come back too. Bounded: at most {@code maxEntities} entities per
 * version (the least recently seen are forgotten), each holding at most its spec's
 * {@code maxEventsPerEntity} events.
 *
 * <p>What a restore cannot bring back: events the log did not keep (it samples under overload and
 * past its rate, and keeps none with {@code serving.recordQueue} 0), events older than the replayed
 * span, and other instances' order of arrival (events are replayed in the order the log recorded
 * them, all instances together). An entity whose history lost events answers from what is left until
 * its windows have rolled past the gap.
 */
public final class WindowStates {
    private static final Logger log = LoggerFactory.getLogger(WindowStates.class);
    /** The span replayed for a version whose windows are shorter. */
    public static final Duration REPLAYED_AT_LEAST = Duration.ofDays(1);

    /** The raw events the prediction log recorded for a version, oldest first (all instances, in the order recorded). */
    public interface RecordedEvents {
        /** Feeds each event of {@code modelId}'s {@code version} recorded at or after {@code since} to {@code into}; how many. */
        long replay(UUID modelId, int version, Instant since, int values, Consumer<WindowEvent> into);

        /** Nothing recorded: states start empty. */
        RecordedEvents NONE = (modelId, version, since, values, into) -> 0;
    }

    private final RecordedEvents recorded;
    private final int maxEntities;
    private final Clock clock;
    private final Map<LoadedModels.Key, OnlineWindows> states = new ConcurrentHashMap<>();

    public WindowStates(RecordedEvents recorded, int maxEntities, Clock clock) {
        if (maxEntities < 1) {
            throw new IllegalArgumentException("serving.windowEntities must be at least 1, got " + maxEntities);
        }
        this.recorded = recorded;
        this.maxEntities = maxEntities;
        this.clock = clock;
    }

    /** The version's state, made and restored from the log on first use (the callers of one version wait for that once). */
    public OnlineWindows of(LoadedModels.Key key, WindowFeatures windows) {
        return states.computeIfAbsent(key, k -> restored(k, windows));
    }

    /** The states held now, by version. */
    public Map<LoadedModels.Key, OnlineWindows> all() {
        return Map.copyOf(states);
    }

    public int maxEntities() {
        return maxEntities;
    }

    private OnlineWindows restored(LoadedModels.Key key, WindowFeatures windows) {
        long begin = System.nanoTime();
        OnlineWindows state = windows.online(maxEntities);
        Duration span = Duration.ofMillis((long) Math.ceil(windows.spec().longestWindowSeconds() * 1000));
        Instant since = clock.instant().minus(span.compareTo(REPLAYED_AT_LEAST) > 0 ? span : REPLAYED_AT_LEAST);
        long events = recorded.replay(key.modelId(), key.version(), since, windows.spec().valueColumns().size(), state::absorb);
        log.atInfo().addKeyValue("modelId", key.modelId()).addKeyValue("version", key.version()).addKeyValue("events", events)
                .addKeyValue("entities", state.entities()).addKeyValue("since", since)
                .addKeyValue("ms", (System.nanoTime() - begin) / 1_000_000).log("window features' state restored from the prediction log");
        return state;
    }
}
