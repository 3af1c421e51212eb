package io.vigil.server.monitoring.alerts;

import io.vigil.server.core.Uuids;
import io.vigil.server.monitoring.live.LiveEvaluation;
import io.vigil.server.serving.log.PredictionObserver;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threat rules, watched where every recorded prediction passes: the prediction log's writer
 * thread ({@link PredictionObserver}), off the request path. A prediction of an attack class with a
 * confidence of at least a rule's threshold is counted, per rule and model, in memory; every second
 * the counts go to {@link Alerts#fire} as one firing each, so a flood of predictions makes one alert
 * whose count says how many. Per record it costs a map lookup, then a comparison per row and rule;
 * it allocates only when a row matches, and never waits but for the short swap of the counts.
 */
final class ThreatWatch implements PredictionObserver {
    private static final Logger log = LoggerFactory.getLogger(ThreatWatch.class);
    /** Prediction ids kept per alert as examples. */
    static final int EXAMPLES = 5;

    /** The enabled threat rules and the deployed models, as of the last {@link #watch}. */
    private volatile Snapshot snapshot = new Snapshot(List.of(), Set.of());
    private final Object lock = new Object();
    private Map<Key, Sighting> pending = new HashMap<>(); // guarded by lock

    private record Key(UUID ruleId, UUID modelId) {}

    /** Watches {@code rules} (threat rules, enabled) over the predictions of {@code deployed} models from now on. */
    void watch(List<AlertRule> rules, Set<UUID> deployed) {
        snapshot = new Snapshot(rules.stream().filter(r -> r.kind() == RuleKind.THREAT_PREDICTION && r.enabled()).toList(),
                Set.copyOf(deployed));
    }

    @Override
    public void recorded(PredictionBatchRecord record) {
        Snapshot s = snapshot;
        if (s.rules.isEmpty()) {
            return;
        }
        ModelRef ref = record.model().ref();
        if (!s.deployed.contains(ref.id())) {
            return;
        }
        for (Matcher m : s.matchers(record.model())) {
            scan(m, record);
        }
    }

    @Override
    public void unrecorded(PredictionBatchRecord record, int predictions) {
        // a prediction the log left out is not seen: its label never reaches monitoring
    }

    /** Counts the rows of {@code record} that {@code m} matches; no lock and no allocation while none does. */
    private void scan(Matcher m, PredictionBatchRecord record) {
        String[] labels = record.labels();
        float[] confidences = record.confidences();
        int n = record.size();
        int first = 0;
        while (first < n && !(confidences[first] >= m.threshold && m.attacks.contains(labels[first]))) {
            first++;
        }
        if (first == n) {
            return;
        }
        ModelRef ref = record.model().ref();
        synchronized (lock) {
            Sighting seen = pending.computeIfAbsent(new Key(m.rule.id(), ref.id()), k -> new Sighting(ref, record.at()));
            for (int i = first; i < n; i++) {
                if (confidences[i] >= m.threshold && m.attacks.contains(labels[i])) {
                    seen.add(labels[i], confidences[i], record.firstId(), i);
                }
            }
            seen.at(record.at());
        }
    }

    /** The sightings since the last drain, one per rule and model, as firings. */
    List<Firing> drain() {
        Map<Key, Sighting> taken;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return List.of();
            }
            taken = pending;
            pending = new HashMap<>();
        }
        Map<UUID, AlertRule> rules = new HashMap<>();
        snapshot.rules.forEach(r -> rules.put(r.id(), r));
        List<Firing> firings = new ArrayList<>();
        taken.forEach((key, sighting) -> {
            AlertRule rule = rules.get(key.ruleId());
            if (rule != null) { // a rule removed since: its sightings go with it
                firings.add(sighting.firing(rule));
            }
        });
        return firings;
    }

    /** One rule compiled for one model version: the labels that are attacks, and the threshold. */
    private record Matcher(AlertRule rule, Set<String> attacks, double threshold) {}

    /** The rules of one {@link #watch}, with their matchers per model version, built on the writer thread when first needed. */
    private static final class Snapshot {
        final List<AlertRule> rules;
        final Set<UUID> deployed;
        // touched by the prediction log's writer thread only
        private final Map<LoadedModel, List<Matcher>> byVersion = new java.util.IdentityHashMap<>();
        private LoadedModel lastModel; // the previous record's: runs of records come from one model
        private List<Matcher> lastMatchers;

        Snapshot(List<AlertRule> rules, Set<UUID> deployed) {
            this.rules = rules;
            this.deployed = deployed;
        }

        List<Matcher> matchers(LoadedModel model) {
            if (model == lastModel) {
                return lastMatchers;
            }
            List<Matcher> known = byVersion.get(model);
            if (known == null) {
                known = new ArrayList<>();
                for (AlertRule r : rules) {
                    if (r.global() || model.ref().id().equals(r.modelId())) {
                        Set<String> attacks = attackClasses(r, model.trained().classes(), model.ref());
                        if (!attacks.isEmpty()) {
                            known.add(new Matcher(r, attacks, r.threshold()));
                        }
                    }
                }
                byVersion.put(model, known);
            }
            lastModel = model;
            lastMatchers = known;
            return known;
        }

        /** The rule's classes, or every class of the model but its normal one; none when it has no normal class to leave out. */
        private static Set<String> attackClasses(AlertRule rule, List<String> classes, ModelRef ref) {
            if (!rule.classes().isEmpty()) {
                return Set.copyOf(rule.classes());
            }
            int normal = LiveEvaluation.normalClass(classes);
            if (normal < 0) {
                log.atWarn().addKeyValue("rule", rule.name()).addKeyValue("model", ref.name()).addKeyValue("classes", classes)
                        .log("threat rule watches nothing of this model: it has no normal class (normal, benign...); name its attack classes in the rule's classes");
                return Set.of();
            }
            Set<String> attacks = new HashSet<>(classes);
            attacks.remove(classes.get(normal));
            return Set.copyOf(attacks);
        }
    }

    /** Attack predictions of one model version seen since the last drain (guarded by the watch's lock). */
    private static final class Sighting {
        final ModelRef model;
        Instant first;
        Instant last;
        long count;
        double maxConfidence;
        final Map<String, Long> byClass = new HashMap<>();
        final List<UUID> examples = new ArrayList<>(EXAMPLES);
        UUID lastBlock;
        int lastRow;

        Sighting(ModelRef model, Instant at) {
            this.model = model;
            this.first = at;
            this.last = at;
        }

        void add(String label, float confidence, UUID firstId, int row) {
            count++;
            maxConfidence = Math.max(maxConfidence, confidence);
            byClass.merge(label, 1L, Long::sum);
            if (examples.size() < EXAMPLES) {
                examples.add(Uuids.inBlock(firstId, row));
            }
            lastBlock = firstId;
            lastRow = row;
        }

        void at(Instant at) {
            first = at.isBefore(first) ? at : first;
            last = at.isAfter(last) ? at : last;
        }

        ThreatFiring firing(AlertRule rule) {
            return new ThreatFiring(rule, model.id(), model.name(), model.version(), last, count, Map.copyOf(byClass), maxConfidence,
                    examples.stream().map(UUID::toString).toList(), Uuids.inBlock(lastBlock, lastRow).toString());
        }
    }
}
