package io.vigil.server;

import io.vigil.server.api.AlgorithmsApi;
import io.vigil.server.api.DocsApi;
import io.vigil.server.api.HealthApi;
import io.vigil.server.api.Routes;
import io.vigil.server.audit.AuditApi;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.auth.Auth;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import io.vigil.server.config.EdgeConfig;
import io.vigil.server.config.TlsConfig;
import io.vigil.server.config.VigilConfig;
import io.vigil.server.datasets.DatasetRepository;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.events.CurrentState;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventsApi;
import io.vigil.server.events.JobEvents;
import io.vigil.server.http.EdgeSettings;
import io.vigil.server.http.HttpMeters;
import io.vigil.server.http.HttpServer;
import io.vigil.server.http.Route;
import io.vigil.server.http.Safeguards;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobWorkerSettings;
import io.vigil.server.jobs.JobWorkers;
import io.vigil.server.jobs.JobsApi;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.models.DatasetUses;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelsApi;
import io.vigil.server.models.TrainingJob;
import io.vigil.server.monitoring.metrics.PrometheusApi;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.monitoring.drift.DriftApi;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.LiveMonitoring;
import io.vigil.server.monitoring.alerts.channels.AlertChannels;
import io.vigil.server.monitoring.alerts.channels.AlertDeliveries;
import io.vigil.server.monitoring.experiments.ExperimentMonitoring;
import io.vigil.server.monitoring.experiments.ExperimentRequest;
import io.vigil.server.monitoring.experiments.Experiments;
import io.vigil.server.monitoring.experiments.VersionRef;
import io.vigil.server.monitoring.MonitoringSettings;
import io.vigil.server.monitoring.retraining.ChallengerExperiments;
import io.vigil.server.monitoring.retraining.Retraining;
import io.vigil.server.monitoring.retraining.RetrainingAlerts;
import io.vigil.server.monitoring.PredictionObservers;
import io.vigil.server.monitoring.alerts.AlertMonitoring;
import io.vigil.server.monitoring.alerts.AlertNotifier;
import io.vigil.server.persistence.BlobLocks;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.serving.Serving;
import io.vigil.server.serving.ServingSettings;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStores;
import io.vigil.server.storage.OrphanBlobSweeper;
import io.vigil.server.storage.ScratchFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Vigil: the database, storage, services and HTTP server, wired together in one place
 * and stopped in reverse order.
 */
public final class Vigil implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vigil.class);
    public static final String VERSION = versionOf(Vigil.class);

    private final VigilConfig config;
    private final Database database;
    private final JobWorkers workers;
    private final EventBus events;
    private final EventsApi eventStreams;
    private final HttpServer http;
    private final List<Route> routes;
    private final Serving serving;
    private final OrphanBlobSweeper sweeper;
    private final AuditLog audit;
    private final VigilMetrics metrics;
    private final LiveMonitoring monitoring;
    private final Retraining retraining;
    private final AlertChannels alertChannels;
    private final ExperimentMonitoring experiments;
    private final AlertMonitoring alerting;

    private Vigil(VigilConfig config, Database database, JobWorkers workers, EventBus events, EventsApi eventStreams,
                  HttpServer http, List<Route> routes, Serving serving, OrphanBlobSweeper sweeper, AuditLog audit,
                  VigilMetrics metrics, LiveMonitoring monitoring, Retraining retraining, AlertChannels alertChannels,
                  ExperimentMonitoring experiments, AlertMonitoring alerting) {
        this.config = config;
        this.database = database;
        this.workers = workers;
        this.events = events;
        this.eventStreams = eventStreams;
        this.http = http;
        this.routes = routes;
        this.serving = serving;
        this.sweeper = sweeper;
        this.audit = audit;
        this.metrics = metrics;
        this.monitoring = monitoring;
        this.retraining = retraining;
        this.alertChannels = alertChannels;
        this.experiments = experiments;
        this.alerting = alerting;
    }

    public static Vigil start(VigilConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Vigil start(VigilConfig config, Clock clock) {
        long begin = System.nanoTime();
        createDirectories(config);
        BlobStore blobs = BlobStores.create(config.storageDriver(), config.dataDir());
        Database database = Database.start(new DatabaseSettings(config.dbUrl(), config.dbUser(), config.dbPassword(),
                config.embeddedDbDir(), config.dbEmbeddedPort(), config.dbPoolSize()));
        EventBus events = new EventBus();
        VigilMetrics metrics = VigilMetrics.start(config.metrics());
        JobWorkers workers = null;
        Serving serving = null;
        OrphanBlobSweeper sweeper = null;
        AuditLog audit = null;
        LiveMonitoring monitoring = null;
        Retraining retraining = null;
        AlertChannels alertChannels = null;
        ExperimentMonitoring experiments = null;
        AlertMonitoring alerting = null;
        try {
            Auth auth = Auth.start(config.auth(), database.jdbi(), clock, System.out);
            audit = AuditLog.start(database.jdbi(), clock);
            DatasetRepository datasetsRepository = new DatasetRepository(database.jdbi());
            ScratchFiles scratch = ScratchFiles.under(config.scratchDir());
            JobQueue queue = new JobQueue(database.jdbi(), clock);
            ModelRepository modelRepository = new ModelRepository(database.jdbi());
            DatasetService datasets = new DatasetService(datasetsRepository, blobs, clock,
                    config.maxUploadBytes(), scratch, new DatasetUses(modelRepository, queue));
            sweeper = new OrphanBlobSweeper(blobs, new BlobRecords(database, datasetsRepository, modelRepository), clock,
                    OrphanBlobSweeper.GRACE, scratch);
            sweeper.start(Duration.ofSeconds(config.storageOrphanSweepSeconds()));
            ModelRegistry models = ModelRegistry.create(modelRepository, datasets, blobs, events, queue, clock,
                    Map.of("accuracy", config.validationMinAccuracy()));
            queue.addListener(new JobEvents(events, clock));
            workers = new JobWorkers(queue, JobWorkerSettings.defaults().withWorkers(config.jobWorkers()))
                    .register(TrainingJob.KIND, models.trainingJob());
            workers.start();
            monitoring = new LiveMonitoring(database.jdbi(), models, new MonitoringSettings(config.monitoringRetentionDays()), clock);
            DriftService drift = new DriftService(modelRepository, models.bundles(), database.jdbi(), config.drift(), clock);
            alertChannels = new AlertChannels(database.jdbi(), config.alertChannels(), config.outbound(), metrics, clock);
            alertChannels.start();
            alerting = new AlertMonitoring(database.jdbi(), models, events, drift, monitoring.metrics(), metrics, config.alerts(),
                    toChannels(alertChannels.deliveries()), clock);
            serving = new Serving(new ServingSettings(config.servingModelBudgetMb() * 1024L * 1024L, config.servingCacheSize(),
                    Duration.ofSeconds(config.servingCacheTtlSeconds()), config.servingRecordQueue(),
                    config.servingRecordRate(), config.experiments().shadowQueue()),
                    database.jdbi(), models, events, clock, datasets, queue, workers, metrics.scoring(),
                    PredictionObservers.of(monitoring.observer(), alerting.threatObserver()));
            metrics.watchServing(serving::stats);
            metrics.watchJobs(queue, workers::kinds);
            monitoring.start();
            alerting.start(serving::stats);
            experiments = new ExperimentMonitoring(database.jdbi(), models, audit, events, serving.splits(), serving.shadows(),
                    config.experiments(), clock).start();
            retraining = new Retraining(database.jdbi(), models, datasets, queue, drift, events, audit::record, config.retraining(),
                    RetrainingAlerts.NONE, challengers(experiments.experiments()), clock);
            retraining.start();

            HealthApi health = new HealthApi(Map.of("database", database::checkHealth, "storage", blobs::checkHealth),
                    clock, VERSION);
            EventsApi eventStreams = new EventsApi(events, new CurrentState(queue, models.transitions()::currentState, clock));
            List<Route> routes = Routes.all(health, new DocsApi(), new DatasetsApi(datasets), new ModelsApi(models),
                    new JobsApi(queue), eventStreams, serving.api(), new AlgorithmsApi(), auth.api(), new AuditApi(audit),
                    new PrometheusApi(metrics),
                    new DriftApi(drift), monitoring.feedbackApi(), monitoring.metricsApi(), monitoring.retentionApi(), retraining.api(),
                    alertChannels.api(), experiments.api(), alerting.api(), alerting.healthApi());
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings(config.host(), config.port(), config.maxUploadBytes(), config.uploadTempDir(),
                            config.shutdownTimeoutSeconds(), Duration.ofSeconds(config.bodyTimeoutSeconds()), edge(config.edge())),
                    routes, auth.authenticator(), new Safeguards(new RateLimiter(config.rateLimits(), clock), audit),
                    metrics.enabled() ? new HttpMeters(metrics.registry()) : HttpMeters.NONE);
            log.atInfo().addKeyValue("version", VERSION).addKeyValue("port", http.port())
                    .addKeyValue("embeddedDatabase", database.isEmbedded()).addKeyValue("schemaVersion", database.schemaVersion())
                    .addKeyValue("dataDir", config.dataDir())
                    .addKeyValue("jobWorkers", config.jobWorkers())
                    .addKeyValue("startMs", (System.nanoTime() - begin) / 1_000_000).log("Vigil started");
            return new Vigil(config, database, workers, events, eventStreams, http, routes, serving, sweeper, audit, metrics, monitoring,
                    retraining, alertChannels, experiments, alerting);
        } catch (RuntimeException e) {
            if (alertChannels != null) {
                alertChannels.close();
            }
            if (sweeper != null) {
                sweeper.close();
            }
            if (experiments != null) {
                experiments.close();
            }
            if (serving != null) {
                serving.close();
            }
            if (alerting != null) {
                alerting.close();
            }
            if (monitoring != null) {
                monitoring.close();
            }
            if (retraining != null) {
                retraining.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (audit != null) {
                audit.close();
            }
            metrics.close();
            events.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public VigilConfig config() {
        return config;
    }

    /** Where alerting hands notices to the alert channels. */
    public AlertDeliveries alertDeliveries() {
        return alertChannels.deliveries();
    }

    /** The route table this instance serves. */
    public List<Route> routes() {
        return routes;
    }

    /** Stops taking requests, lets running ones finish, then closes the database. */
    @Override
    public void close() {
        log.info("Vigil stopping");
        try {
            eventStreams.close(); // open event streams would hold the graceful stop until its timeout
            http.close();
        } finally {
            try {
                alertChannels.close(); // tries in progress are cut off: sent again after their lease, here or elsewhere
                sweeper.close();
                serving.close(); // queued shadow copies are scored, queued prediction records written, while the database is up
                monitoring.close(); // then their last per-minute counts
                retraining.close(); // before the workers: a decision in progress may still deploy
                experiments.close(); // and the shadow's last counts
                serving.close(); // queued prediction records are written while the database is up
                alerting.close(); // then the last threat predictions they held become alerts
                monitoring.close(); // and their last per-minute counts are added
                workers.close(); // running jobs stop; the sweeper of the next start re-queues them
                audit.close(); // the changes of the last requests are stored while the database is up
            } finally {
                metrics.close(); // its refreshes read the database: stopped before it
                events.close();
                database.close();
            }
        }
        log.info("Vigil stopped");
    }

    /**
     * Retraining's {@code challenger} promotion, as an A/B test that Vigil starts: 10 % of the type's traffic, decided
     * (promoted or stopped) on its own; none when the type already runs an experiment or the request is refused.
     */
    private static ChallengerExperiments challengers(Experiments experiments) {
        return (modelId, modelType, champion, challenger, metric) -> {
            try {
                ExperimentRequest request = new ExperimentRequest("retrained " + modelType + " v" + challenger, modelType,
                        new VersionRef(modelId, champion), new VersionRef(modelId, challenger), "ab", null, null, metric, null, null,
                        null, true, true, null);
                return Optional.of(experiments.start(request, Caller.VIGIL).experiment().id().toString());
            } catch (VigilException refused) {
                log.atWarn().addKeyValue("modelId", modelId).addKeyValue("version", challenger).addKeyValue("reason", refused.detail())
                        .log("no A/B test for a retrained version");
                return Optional.empty();
            }
        };
    }

    /** Alerting's notices, as the alert channels queue them for delivery. */
    private static AlertNotifier toChannels(AlertDeliveries deliveries) {
        return (n, channelIds) -> deliveries.enqueue(new io.vigil.server.monitoring.alerts.channels.AlertNotice(n.alertId(), n.ruleName(),
                n.kind(), n.severity(), n.state(), n.modelId(), n.modelName(), n.version(), n.summary(), n.details(), n.firstSeen(),
                n.lastSeen(), n.occurrences()), channelIds);
    }

    /** The edge settings as the HTTP layer takes them: TLS, names and origins, limits of a request's head. */
    private static EdgeSettings edge(EdgeConfig edge) {
        TlsConfig tls = edge.tls();
        return new EdgeSettings(tls == null ? null : new EdgeSettings.Https(tls.keyStore(), tls.keyPassword(), tls.plainHttpPort()),
                edge.allowedHosts(), edge.allowedOrigins(), edge.corsOrigins(), edge.maxHeaderBytes(), edge.maxUriLength(),
                edge.maxQueryParameters(), edge.maxUploadParts());
    }

    private static void createDirectories(VigilConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.uploadTempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + " (VIGIL_DATA_DIR)", e);
        }
    }

    /**
     * Every record that points at blobs: datasets (uploads, batch outputs, concatenations) and model
     * versions (bundles). A new kind of record that stores blob keys belongs here.
     */
    private record BlobRecords(Database database, DatasetRepository datasets, ModelRepository models)
            implements OrphanBlobSweeper.Records {
        @Override
        public boolean pointAt(String key) {
            return datasets.blobInUse(key) || models.bundleInUse(key);
        }

        @Override
        public boolean deleteIfNonePointAt(String key, BooleanSupplier delete) {
            return database.jdbi().inTransaction(h -> {
                BlobLocks.lock(h, key); // the lock writers of records take before they commit one
                return !datasets.blobInUse(h, key) && !models.bundleInUse(h, key) && delete.getAsBoolean();
            });
        }
    }

    private static String versionOf(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
