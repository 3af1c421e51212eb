package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Attack predictions one threat rule saw from one model since the last drain: how many, of which
 * classes, the highest confidence, and a few prediction ids to look them up by. Added to the open
 * alert, its details add up: the counts per class, the highest confidence, the first examples.
 */
record ThreatFiring(AlertRule rule, UUID modelId, String modelName, Integer version, Instant at, long occurrences,
                    Map<String, Long> byClass, double maxConfidence, List<String> examples, String lastPredictionId) implements Firing {

    @Override
    public Map<String, Object> details(Map<String, Object> previous) {
        Map<String, Long> classes = new TreeMap<>(byClass);
        double highest = maxConfidence;
        List<String> kept = new ArrayList<>();
        if (previous != null) {
            if (previous.get("classes") instanceof Map<?, ?> before) {
                before.forEach((label, n) -> classes.merge(String.valueOf(label), ((Number) n).longValue(), Long::sum));
            }
            if (previous.get("maxConfidence") instanceof Number before) {
                highest = Math.max(highest, before.doubleValue());
            }
            if (previous.get("examples") instanceof List<?> before) {
                before.forEach(id -> kept.add(String.valueOf(id)));
            }
        }
        for (String id : examples) {
            if (kept.size() < ThreatWatch.EXAMPLES && !kept.contains(id)) {
                kept.add(id);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threshold", rule.threshold());
        details.put("classes", classes);
        details.put("maxConfidence", highest);
        details.put("examples", kept);
        details.put("lastPredictionId", lastPredictionId);
        details.put("window", rule.window());
        return details;
    }

    @Override
    public String summary(long occurrences, Map<String, Object> details) {
        StringBuilder classes = new StringBuilder();
        if (details.get("classes") instanceof Map<?, ?> counts) {
            counts.forEach((label, n) -> classes.append(classes.length() == 0 ? "" : ", ").append(label).append(": ").append(n));
        }
        return String.format(Locale.ROOT, "%d prediction%s of an attack class (%s) with confidence >= %.2f by model %s version %d",
                occurrences, occurrences == 1 ? "" : "s", classes, rule.threshold(), modelName, version);
    }
}
