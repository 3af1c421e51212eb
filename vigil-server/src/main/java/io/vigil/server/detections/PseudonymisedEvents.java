package io.vigil.server.detections;

import io.vigil.server.privacy.Pseudonyms;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A security event with its personal data replaced by {@link Pseudonyms}' tokens: the source and
 * destination hosts, the user, every personal field of its input and details and of its
 * explanation, and those values wherever its title repeats them. What stays (kinds, scores, rules,
 * model, times) is what an analyst reading the log needs to see patterns; one host keeps one token.
 */
final class PseudonymisedEvents implements UnaryOperator<SecurityEvent> {
    private final Pseudonyms pseudonyms;

    PseudonymisedEvents(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    @Override
    public SecurityEvent apply(SecurityEvent e) {
        Map<String, String> replaced = new LinkedHashMap<>();
        String source = token(e.sourceHost(), replaced);
        String destination = token(e.destinationHost(), replaced);
        String user = token(e.userName(), replaced);
        Map<String, Object> input = fields(e.input(), replaced);
        Map<String, Object> details = fields(e.details(), replaced);
        Verdict verdict = e.verdict() == null ? null : verdict(e.verdict(), replaced);
        String title = e.title();
        if (title != null) {
            for (Map.Entry<String, String> r : replaced.entrySet()) {
                title = title.replace(r.getKey(), r.getValue());
            }
        }
        return new SecurityEvent(e.id(), e.kind(), e.severity(), title, e.assetId(), source, destination, user, e.score(), e.method(),
                e.modelId(), e.version(), e.startedAt(), e.lastSeenAt(), e.endedAt(), e.points(), details, e.createdAt(), e.modelType(),
                verdict, input, e.source(), e.incident());
    }

    private String token(String value, Map<String, String> replaced) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String token = pseudonyms.token(value);
        replaced.put(value, token);
        return token;
    }

    private Map<String, Object> fields(Map<String, Object> values, Map<String, String> replaced) {
        if (values == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>(values.size());
        values.forEach((field, value) -> out.put(field, pseudonyms.isPersonal(field) && value != null ? token(value.toString(), replaced) : value));
        return out;
    }

    private Verdict verdict(Verdict v, Map<String, String> replaced) {
        List<Verdict.Contribution> features = v.topFeatures().stream()
                .map(c -> pseudonyms.isPersonal(c.feature()) && c.value() != null
                        ? new Verdict.Contribution(c.feature(), token(c.value().toString(), replaced), c.contribution()) : c)
                .toList();
        return new Verdict(v.predictionId(), v.label(), v.confidence(), v.mlScore(), v.ruleScore(), v.threshold(), v.divergence(),
                v.rulesFired(), features, v.normalClass());
    }
}
