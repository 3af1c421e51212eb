package io.vigil.server.incidents;

import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEvents;
import io.vigil.server.securityevents.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds {@link IncidentReport}s from an incident's events: aggregates in memory over at most
 * {@link #EVENTS} events, asks monitoring for each model version's state at the incident's last
 * event, and the search index for the events most like the incident's strongest ones.
 */
public final class IncidentReports {
    static final int EVENTS = 10_000;
    static final int TOP_FEATURES = 10;
    static final int SIMILAR = 5;
    /** The strongest events whose neighbours are looked up. */
    static final int PROBES = 3;

    private final Incidents incidents;
    private final SecurityEvents events;
    private final Clock clock;
    private volatile ReportPorts.ModelStates models = ReportPorts.ModelStates.NONE;
    private volatile ReportPorts.SimilarEvents similar = ReportPorts.SimilarEvents.NONE;

    public IncidentReports(Incidents incidents, SecurityEvents events, Clock clock) {
        this.incidents = incidents;
        this.events = events;
        this.clock = clock;
    }

    public void useModelStates(ReportPorts.ModelStates states) {
        this.models = states;
    }

    public void useSimilarEvents(ReportPorts.SimilarEvents search) {
        this.similar = search;
    }

    public IncidentReport report(UUID id) {
        Incidents.IncidentView view = incidents.get(id);
        Incident incident = view.incident();
        List<SecurityEvent> all = incidents.eventsOf(id, EVENTS);
        return new IncidentReport(incident, clock.instant(), all.size(), count(all, SecurityEvent::kind),
                count(all, SecurityEvent::severity), entities(all), models(all, incident), features(all), rules(all),
                count(all.stream().filter(SecurityEvent::divergent).toList(), e -> e.verdict().divergence()),
                all.stream().filter(SecurityEvent::divergent).limit(10).map(SecurityEvent::id).toList(), similarPast(all, id),
                view.activity());
    }

    private static Map<String, Long> count(List<SecurityEvent> events, Function<SecurityEvent, String> key) {
        Map<String, Long> out = new TreeMap<>();
        for (SecurityEvent e : events) {
            String k = key.apply(e);
            if (k != null) out.merge(k, 1L, Long::sum);
        }
        return out;
    }

    private static IncidentReport.Entities entities(List<SecurityEvent> events) {
        return new IncidentReport.Entities(distinct(events, SecurityEvent::sourceHost), distinct(events, SecurityEvent::destinationHost),
                distinct(events, SecurityEvent::assetId), distinct(events, SecurityEvent::userName));
    }

    private static List<String> distinct(List<SecurityEvent> events, Function<SecurityEvent, String> key) {
        return events.stream().map(key).filter(Objects::nonNull).distinct().sorted().limit(100).toList();
    }

    private List<IncidentReport.ModelInsight> models(List<SecurityEvent> events, Incident incident) {
        Map<List<Object>, List<SecurityEvent>> byVersion = new LinkedHashMap<>();
        for (SecurityEvent e : events) {
            if (e.modelId() != null && e.version() != null) {
                byVersion.computeIfAbsent(List.of(e.modelId(), e.version()), k -> new ArrayList<>()).add(e);
            }
        }
        List<IncidentReport.ModelInsight> out = new ArrayList<>();
        byVersion.forEach((key, list) -> {
            SecurityEvent first = list.get(0);
            double[] ml = list.stream().map(SecurityEvent::verdict).filter(Objects::nonNull).map(Verdict::mlScore).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).toArray();
            double[] confidence = list.stream().map(SecurityEvent::verdict).filter(Objects::nonNull).map(Verdict::confidence)
                    .filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
            out.add(new IncidentReport.ModelInsight(first.modelId(), first.version(), first.modelType(), list.size(),
                    list.stream().mapToDouble(SecurityEvent::score).average().orElse(0),
                    list.stream().mapToDouble(SecurityEvent::score).max().orElse(0), mean(ml), mean(confidence),
                    count(list, e -> e.verdict() == null ? null : e.verdict().label()),
                    models.state(first.modelId(), first.version(), incident.lastSeenAt())));
        });
        out.sort(Comparator.comparingLong(IncidentReport.ModelInsight::events).reversed());
        return out;
    }

    private static Double mean(double[] values) {
        return values.length == 0 ? null : java.util.Arrays.stream(values).average().orElse(0);
    }

    private static List<IncidentReport.FeatureInsight> features(List<SecurityEvent> events) {
        Map<String, double[]> sums = new HashMap<>(); // count, sum, sum of absolute values
        for (SecurityEvent e : events) {
            if (e.verdict() == null) continue;
            for (Verdict.Contribution c : e.verdict().topFeatures()) {
                double[] s = sums.computeIfAbsent(c.feature(), k -> new double[3]);
                s[0]++;
                s[1] += c.contribution();
                s[2] += Math.abs(c.contribution());
            }
        }
        return sums.entrySet().stream()
                .map(en -> new IncidentReport.FeatureInsight(en.getKey(), (long) en.getValue()[0], en.getValue()[1] / en.getValue()[0],
                        en.getValue()[2] / en.getValue()[0]))
                // by total weight: often and strongly
                .sorted(Comparator.comparingDouble((IncidentReport.FeatureInsight f) -> f.events() * f.meanAbsContribution()).reversed()
                        .thenComparing(IncidentReport.FeatureInsight::feature))
                .limit(TOP_FEATURES).toList();
    }

    private static List<IncidentReport.RuleCount> rules(List<SecurityEvent> events) {
        Map<String, Long> counts = new TreeMap<>();
        for (SecurityEvent e : events) {
            if (e.verdict() != null) e.verdict().rulesFired().forEach(r -> counts.merge(r, 1L, Long::sum));
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(en -> new IncidentReport.RuleCount(en.getKey(), en.getValue())).toList();
    }

    private List<IncidentReport.SimilarPast> similarPast(List<SecurityEvent> events, UUID incident) {
        Map<UUID, Double> best = new HashMap<>();
        events.stream().filter(e -> e.input() != null).sorted(Comparator.comparingDouble(SecurityEvent::score).reversed()).limit(PROBES)
                .forEach(probe -> similar.similar(probe, SIMILAR * 4).forEach(s -> best.merge(s.eventId(), s.similarity(), Math::max)));
        if (best.isEmpty()) {
            return List.of();
        }
        Set<UUID> own = events.stream().map(SecurityEvent::id).collect(Collectors.toSet());
        List<SecurityEvent> found = events.isEmpty() ? List.of() : this.events.byIds(new ArrayList<>(best.keySet())).stream()
                .filter(e -> !own.contains(e.id()) && !incident.equals(e.incident()))
                .sorted(Comparator.comparingDouble((SecurityEvent e) -> best.get(e.id())).reversed()).limit(SIMILAR).toList();
        Map<UUID, Incident> theirs = new HashMap<>();
        incidents.byIds(new ArrayList<>(found.stream().map(SecurityEvent::incident).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new)))).forEach(i -> theirs.put(i.id(), i));
        return found.stream().map(e -> {
            Incident i = e.incident() == null ? null : theirs.get(e.incident());
            return new IncidentReport.SimilarPast(e.id(), best.get(e.id()), e.title(), e.startedAt(), e.severity(), e.incident(),
                    i == null ? null : i.status(), i == null ? null : i.title());
        }).toList();
    }
}
