package io.vigil.server.securityevents;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /ml/events}: detections scored elsewhere (an IDS, a SIEM rule, another
 * model), so Vigil is where detections meet. Each is checked field by field ({@code events[3].score});
 * one bad event refuses the whole batch, and nothing is stored.
 *
 * @param events at most {@link #MAX_EVENTS}
 */
public record ExternalEvents(List<Item> events) {
    public static final int MAX_EVENTS = 1_000;
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    static final Duration FUTURE = Duration.ofMinutes(5);

    /**
     * One detection.
     *
     * @param score      its threat, 0..1 (required)
     * @param severity   {@code info}, {@code warning} or {@code critical}; by default from the score (0.9 critical, 0.5 warning)
     * @param occurredAt when it happened (default: now); not more than five minutes ahead
     * @param source     who reported it (a sensor, a product), e.g. {@code suricata}
     * @param rulesFired the detection's rule or signature names
     * @param input      the raw record it was made on
     */
    public record Item(String title, Double score, String severity, Instant occurredAt, String sourceHost, String destinationHost,
                       String assetId, String userName, String modelType, String source, String label, List<String> rulesFired,
                       Map<String, Object> details, Map<String, Object> input) {}

    /** The checked events, ready to record. */
    List<SecurityEvent> toEvents(Clock clock) {
        FieldErrors errors = new FieldErrors();
        if (events == null || events.isEmpty()) {
            errors.add("events", "give at least one event");
            errors.throwIfAny();
        }
        if (events.size() > MAX_EVENTS) {
            errors.add("events", "at most " + MAX_EVENTS + " events per request");
            errors.throwIfAny();
        }
        Instant now = clock.instant();
        List<SecurityEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Item e = events.get(i);
            String p = "events[" + i + "]";
            if (e == null) {
                errors.add(p, "must be an object");
                continue;
            }
            if (errors.required(p + ".title", e.title(), "is required")) {
                errors.text(p + ".title", e.title(), RequestLimits.DESCRIPTION_LENGTH);
            }
            if (errors.required(p + ".score", e.score(), "is required: the detection's threat, 0 to 1")
                    && !(e.score() >= 0 && e.score() <= 1)) {
                errors.add(p + ".score", "must be from 0 to 1");
            }
            if (e.severity() != null && !SEVERITIES.contains(e.severity())) {
                errors.add(p + ".severity", "must be one of info, warning, critical");
            }
            if (e.occurredAt() != null && e.occurredAt().isAfter(now.plus(FUTURE))) {
                errors.add(p + ".occurredAt", "is in the future");
            }
            errors.name(p + ".sourceHost", e.sourceHost(), Entities.MAX_LENGTH);
            errors.name(p + ".destinationHost", e.destinationHost(), Entities.MAX_LENGTH);
            errors.name(p + ".assetId", e.assetId(), Entities.MAX_LENGTH);
            errors.name(p + ".userName", e.userName(), Entities.MAX_LENGTH);
            errors.name(p + ".modelType", e.modelType(), RequestLimits.MODEL_NAME_LENGTH);
            errors.name(p + ".source", e.source(), RequestLimits.NAME_LENGTH);
            errors.name(p + ".label", e.label(), RequestLimits.NAME_LENGTH);
            errors.names(p + ".rulesFired", e.rulesFired(), 100, RequestLimits.NAME_LENGTH);
            if (!errors.isEmpty()) {
                continue;
            }
            Instant at = e.occurredAt() == null ? now : e.occurredAt();
            double score = e.score();
            String severity = e.severity() != null ? e.severity() : score >= 0.9 ? "critical" : score >= 0.5 ? "warning" : "info";
            Verdict verdict = new Verdict(null, e.label(), null, null, null, null, null, e.rulesFired(), null, null);
            out.add(new SecurityEvent(Uuids.timeOrdered(now), "external", severity, e.title(), blankToNull(e.assetId()),
                    blankToNull(e.sourceHost()), blankToNull(e.destinationHost()), blankToNull(e.userName()), score,
                    e.source() == null ? "external" : e.source(), null, null, at, at, at, 1, e.details() == null ? Map.of() : e.details(), now,
                    e.modelType(), verdict, e.input(), e.source(), null));
        }
        errors.throwIfAny();
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
