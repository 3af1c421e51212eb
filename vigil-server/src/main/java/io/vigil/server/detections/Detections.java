package io.vigil.server.detections;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.engine.rules.CompiledRules;
import io.vigil.server.privacy.Pseudonyms;
import io.vigil.server.privacy.RetentionTask;
import io.vigil.server.eventlog.EventLog;
import io.vigil.server.eventlog.EventLogSettings;
import io.vigil.server.core.VigilException;
import io.vigil.server.events.EventBus;
import io.vigil.server.eventsearch.EmbeddingRepository;
import io.vigil.server.eventsearch.EventSearch;
import io.vigil.server.eventsearch.MiniLmEmbedder;
import io.vigil.server.eventsearch.SearchFilters;
import io.vigil.server.incidents.ReportPorts;
import io.vigil.server.models.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import io.vigil.server.incidents.IncidentGrouping;
import io.vigil.server.incidents.IncidentReports;
import io.vigil.server.incidents.Incidents;
import io.vigil.server.incidents.IncidentsApi;
import io.vigil.server.monitoring.feedback.Feedback;
import io.vigil.server.securityevents.EventIntake;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEvents;
import io.vigil.server.securityevents.SecurityEventsApi;
import io.vigil.server.securityevents.VerdictEvents;
import io.vigil.server.securityevents.VerdictLimits;
import io.vigil.server.serving.Serving;
import io.vigil.server.settings.RuntimeSection;
import io.vigil.server.settings.RuntimeSettings;
import io.vigil.server.settings.Thresholds;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Where detections meet, wired in one place: security events ({@code securityevents}) from every
 * source — verdicts of deployed models with their fast rules (plugged into serving as its
 * {@code Verdicts}), the asset service's anomalies, monitoring's alerts, external detections —
 * stored through {@link EventIntake}, grouped into incidents ({@code incidents}), reported on with
 * monitoring's model states, and false positives given back to monitoring's feedback. Started
 * after serving and monitoring; closed before them.
 */
public final class Detections implements AutoCloseable {
    /** Counts divergent verdicts: {@code vigil_divergent_verdicts_total{model_type, direction}}. */
    public static final String DIVERGENT = "vigil.divergent.verdicts";
    public static final Duration INCIDENT_WINDOW = Duration.ofMinutes(30);

    private final SecurityEvents events;
    private final EventIntake intake;
    private final VerdictEvents verdicts;
    private final Incidents incidents;
    private final IncidentReports reports;
    private final AlertEvents alerts;
    private final EventLog eventLog;
    private final EventSearch search;
    private final EventRetention retention;
    /** Events that may wait in memory for their text's embedding; more wait in the index, embedded by its sweep. */
    static final int SEARCH_QUEUE = 10_000;
    /** The latest events of an incident whose text takes its analysts' notes. */
    static final int NOTED_EVENTS = 1_000;
    private final Clock clock;
    private volatile VerdictLimits.Source limits = type -> VerdictLimits.DEFAULT;
    private volatile Function<String, CompiledRules> rules = type -> CompiledRules.NONE;
    private volatile Duration incidentWindow = INCIDENT_WINDOW;

    public Detections(Jdbi jdbi, EventBus bus, Clock clock, Duration anomalyGap, EventLogSettings eventLogSettings, Path dataDir,
                      ModelRegistry models, Serving serving, Feedback feedback, MeterRegistry registry,
                      Optional<Pseudonyms> eventLogPseudonyms, boolean searchByMeaning) {
        this.clock = clock;
        this.events = new SecurityEvents(jdbi, bus, clock, anomalyGap);
        this.eventLog = firstFree(n -> EventLog.open(n == 1 ? eventLogSettings
                : eventLogSettings.withDir(eventLogSettings.dir().resolveSibling(eventLogSettings.dir().getFileName() + "-" + n)), clock));
        this.events.listen(new EventLogWriter(eventLog, eventLogPseudonyms.<UnaryOperator<SecurityEvent>>map(PseudonymisedEvents::new)
                .orElse(UnaryOperator.identity())));
        this.events.groupWith(new IncidentGrouping(clock, () -> incidentWindow));
        this.intake = new EventIntake(events).start();
        Map<String, Counter> divergent = new ConcurrentHashMap<>();
        VerdictEvents.DivergenceMeter meter = registry == null ? VerdictEvents.DivergenceMeter.OFF
                : (type, direction) -> divergent.computeIfAbsent(type + "\u0000" + direction, k -> Counter.builder(DIVERGENT)
                        .description("Verdicts on which the model and the fast rules disagreed, by model type and direction")
                        .tag("model_type", type).tag("direction", direction).register(registry)).increment();
        this.verdicts = new VerdictEvents(clock, type -> limits.of(type), type -> rules.apply(type), intake, meter);
        serving.judgeWith(verdicts);
        this.incidents = new Incidents(jdbi, events, bus, clock);
        this.incidents.labelFalsePositivesWith(new FalsePositiveFeedback(feedback));
        this.reports = new IncidentReports(incidents, events, clock);
        this.reports.useModelStates(new ModelStatesAtTime(jdbi));
        this.alerts = new AlertEvents(bus, intake, clock);
        DeployedFeatureScales scales = new DeployedFeatureScales(models);
        this.search = firstFree(n -> {
            EventSearch s = new EventSearch(n == 1 ? dataDir : dataDir.resolve("instance-" + n), scales, new SearchableEvents(events),
                    new EmbeddingRepository(jdbi), searchByMeaning ? MiniLmEmbedder.shared() : null, clock, SEARCH_QUEUE);
            s.start();
            return s;
        });
        this.retention = new EventRetention(jdbi, search);
        this.events.listen((state, changed) -> search.index(changed.stream().map(SearchableEvents::of).toList()));
        this.incidents.onNotes((incident, notes) -> search.index(incidents.eventsOf(incident, NOTED_EVENTS).stream()
                .map(e -> SearchableEvents.of(e, notes)).toList()));
        this.reports.useSimilarEvents((event, k) -> {
            try {
                return search.similar(event.id(), k, SearchFilters.NONE).stream()
                        .map(s -> new ReportPorts.Similar(s.eventId(), s.similarity())).toList();
            } catch (VigilException notComparable) { // not indexed yet, or no feature vector: no neighbours to show
                return List.of();
            }
        });
    }

    /**
     * What {@code open} opens in the first of its directories no other process holds: {@code n} = 1 the
     * configured one, then 2, 3... Several instances on one data directory (one machine) each keep their
     * own event log and search index; a restarted instance takes the first free one again.
     */
    private static <T> T firstFree(java.util.function.IntFunction<T> open) {
        for (int n = 1; ; n++) {
            try {
                return open.apply(n);
            } catch (io.vigil.server.core.DirectoryInUseException inUse) {
                if (n == MAX_INSTANCES_PER_DIRECTORY) {
                    throw inUse;
                }
            }
        }
    }

    /** How many instances may share one data directory. */
    static final int MAX_INSTANCES_PER_DIRECTORY = 16;

    /**
     * Registers the runtime sections security events read — {@code rules}, {@code incidents},
     * {@code events} — and puts them and the {@code thresholds} in force, now and on every change.
     */
    public void useSettings(RuntimeSettings settings, RuntimeSection<Thresholds> thresholds) {
        thresholds.listen(t -> limits = type -> {
            Thresholds.ModelTypeThresholds own = t.of(type);
            return new VerdictLimits(own.event(), own.critical(), own.divergenceMargin());
        });
        settings.register(RuntimeSection.of(RuleSets.SECTION, RuleSets.class, RuleSets.NONE, RuleSets::validate)).listen(r -> {
            Map<String, CompiledRules> compiled = r.compiled();
            rules = type -> compiled.getOrDefault(type, CompiledRules.NONE);
        });
        settings.register(RuntimeSection.of(IncidentSettings.SECTION, IncidentSettings.class, IncidentSettings.DEFAULT,
                IncidentSettings::validate)).listen(i -> incidentWindow = i.window());
        settings.register(RuntimeSection.of(EventSettings.SECTION, EventSettings.class, EventSettings.DEFAULT, EventSettings::validate))
                .listen(e -> verdicts.enable(e.fromPredictions()));
    }

    public SecurityEvents securityEvents() {
        return events;
    }

    /** The intake of events raised on request threads (tests wait on its {@code flush}). */
    public EventIntake intake() {
        return intake;
    }

    /** The JSON-lines event log every event is appended to. */
    public EventLog eventLog() {
        return eventLog;
    }

    /** Similar events and search in words. */
    /** Security events past their retention ({@link EventRetention}). */
    public RetentionTask retention() {
        return retention;
    }

    public EventSearch search() {
        return search;
    }

    public EventSearchApi searchApi() {
        return new EventSearchApi(search, events);
    }

    public SecurityEventsApi eventsApi() {
        return new SecurityEventsApi(events, clock);
    }

    public IncidentsApi incidentsApi() {
        return new IncidentsApi(incidents, reports);
    }

    @Override
    public void close() {
        alerts.close();
        intake.close(); // the queued events are stored while the database is up
        try {
            search.close();
        } catch (RuntimeException e) { // a damaged index is rebuilt at the next start: no reason to stop the rest
            org.slf4j.LoggerFactory.getLogger(Detections.class).atWarn().setCause(e).log("search index not closed cleanly");
        }
        eventLog.close();
    }
}
