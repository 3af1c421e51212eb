package io.vigil.server.featurestore;

import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.MetricPoint;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The online side of the feature store: per definition, its window features kept up to date from
 * its live events (posted to {@code /ml/features/{name}/events}; for an {@code assets} source, every
 * batch of asset metrics) through the engine's {@link OnlineWindows}, and each entity's latest
 * values, answered by key from memory. Built on first use on this instance from the recorded events
 * of the last window (the stored events, or the asset metrics), so a restart loses nothing the
 * windows still need. Each instance keeps its own: an event reaches the instances it is sent to.
 */
final class OnlineFeatures {
    /** How often a definition held here is compared with its latest version. */
    private static final Duration RECHECK = Duration.ofSeconds(5);
    private static final int MAX_RESTORED = 1_000_000;

    private final FeatureDefinitions definitions;
    private final FeatureEventRepository events;
    private final AssetMetricsRepository metrics;
    private final int maxEntities;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    OnlineFeatures(FeatureDefinitions definitions, FeatureEventRepository events, AssetMetricsRepository metrics, int maxEntities,
                   Clock clock) {
        this.definitions = definitions;
        this.events = events;
        this.metrics = metrics;
        this.maxEntities = maxEntities;
        this.clock = clock;
    }

    private record Latest(double[] values, double time, Instant updatedAt) {}

    /** One definition's online values. */
    private final class State {
        final FeatureDefinition definition;
        final OnlineWindows windows;
        final LinkedHashMap<String, Latest> latest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Latest> eldest) {
                return size() > maxEntities;
            }
        };
        volatile Instant checkedAt;

        State(FeatureDefinition definition) {
            this.definition = definition;
            this.windows = fitted(definition).online(maxEntities);
            this.checkedAt = clock.instant();
        }

        synchronized void take(WindowEvent event) {
            double[] values = windows.update(event);
            if (event.key() != null && !Double.isNaN(event.time())) {
                Latest before = latest.get(event.key());
                if (before == null || event.time() >= before.time()) {
                    latest.put(event.key(), new Latest(values, event.time(), clock.instant()));
                }
            }
        }

        synchronized Latest of(String key) {
            return latest.get(key);
        }

        synchronized int size() {
            return latest.size();
        }
    }

    private static WindowFeatures fitted(FeatureDefinition d) {
        try {
            return WindowFeatures.of(d.spec(), d.baselines() == null ? List.of() : WindowFeatures.baselinesFromJson(d.baselines()));
        } catch (IllegalArgumentException | IOException e) {
            throw VigilException.conflict("feature definition '" + d.name() + "' version " + d.version()
                    + " has seasonal residuals: materialise it once (POST /ml/features/" + d.name() + "/materialise) to fit their baselines");
        }
    }

    /** The state of {@code name}'s latest version, built (and restored) on first use or when a new version appeared. */
    private State state(String name) {
        State s = states.get(name);
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.checkedAt.plus(RECHECK))) {
            return s;
        }
        FeatureDefinition latest = definitions.get(name, null);
        if (s != null && s.definition.version() == latest.version() && java.util.Arrays.equals(s.definition.baselines(), latest.baselines())) {
            s.checkedAt = now;
            return s;
        }
        State built = new State(latest);
        restore(built);
        states.put(name, built);
        return built;
    }

    /** Replays the recorded events of the last window (or the stale limit, if longer). */
    private void restore(State s) {
        FeatureDefinition d = s.definition;
        Instant since = clock.instant().minusSeconds((long) Math.max(d.spec().longestWindowSeconds(), d.staleAfterSeconds()) + 1);
        if (FeatureSource.ASSETS.equals(d.source().kind())) {
            Map<String, List<MetricPoint>> byAsset = metrics.pointsSince(since, MAX_RESTORED);
            List<AssetEvents.Event> all = new ArrayList<>();
            byAsset.forEach((asset, points) -> all.addAll(AssetEvents.events(asset, points)));
            all.sort((a, b) -> a.at().compareTo(b.at()));
            for (AssetEvents.Event e : all) s.take(s.windows.event(e.record()));
        } else {
            for (FeatureEventRepository.Stored e : events.since(d.name(), since, MAX_RESTORED)) {
                s.take(s.windows.event(e.event()));
            }
        }
    }

    /** Takes events posted to {@code name}'s stream, in the order given; each is checked first, all or none. */
    int ingest(String name, List<Map<String, Object>> records) {
        State s = state(name);
        List<WindowEvent> checked = new ArrayList<>(records.size());
        List<FeatureEventRepository.Stored> stored = new ArrayList<>(records.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> r = records.get(i);
            try {
                WindowEvent e = s.windows.event(r);
                if (e.key() == null) {
                    errors.add(new FieldError("events[" + i + "]", "needs its entity key " + s.definition.spec().keys()));
                } else if (Double.isNaN(e.time())) {
                    errors.add(new FieldError("events[" + i + "]." + s.definition.spec().time(), "a time is required"));
                } else {
                    checked.add(e);
                    stored.add(new FeatureEventRepository.Stored(Instant.ofEpochMilli((long) (e.time() * 1000)), r));
                }
            } catch (InvalidRecordException e) {
                errors.add(new FieldError("events[" + i + "]", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) throw VigilException.invalid(errors);
        events.insert(name, stored, clock.instant());
        checked.forEach(s::take);
        return checked.size();
    }

    /** An asset's new metrics, to every {@code assets} definition held here. */
    void assetMetrics(String assetId, List<MetricPoint> points) {
        List<AssetEvents.Event> asEvents = AssetEvents.events(assetId, points);
        for (State s : states.values()) {
            if (FeatureSource.ASSETS.equals(s.definition.source().kind())) {
                for (AssetEvents.Event e : asEvents) s.take(s.windows.event(e.record()));
            }
        }
    }

    /** An entity's latest values; {@code key} joins several key parts with commas. */
    EntityFeatures entity(String name, String key) {
        State s = state(name);
        String internal = s.definition.spec().keys().size() > 1 ? String.join("\u001f", key.split(",", -1)) : key;
        Latest latest = s.of(internal);
        if (latest == null) {
            throw VigilException.notFound("entity '" + key + "' has no events in feature definition '" + name + "' on this instance ("
                    + s.size() + " entities held)");
        }
        FeatureDefinition d = s.definition;
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<EntityFeatures.OutOfRange> outside = new ArrayList<>();
        for (int i = 0; i < d.features().size(); i++) {
            String feature = d.features().get(i);
            double v = latest.values()[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                values.put(feature, null);
                missing.add(feature);
                continue;
            }
            values.put(feature, v);
            FeatureDefinition.Range range = d.ranges().get(feature);
            if (range != null && !range.holds(v)) outside.add(new EntityFeatures.OutOfRange(feature, v, range.min(), range.max()));
        }
        Instant at = Instant.ofEpochMilli((long) (latest.time() * 1000));
        boolean stale = at.plusSeconds(d.staleAfterSeconds()).isBefore(clock.instant());
        return new EntityFeatures(name, d.version(), key, at, latest.updatedAt(), stale, values, missing, outside);
    }

    /** Forgets what is held of {@code name} (a definition deleted or changed here). */
    void forget(String name) {
        states.remove(name);
    }
}
