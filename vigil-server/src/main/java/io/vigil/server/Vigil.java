package io.vigil.server;

import io.vigil.server.api.AlgorithmsApi;
import io.vigil.server.api.DocsApi;
import io.vigil.server.api.HealthApi;
import io.vigil.server.anomaly.AssetMonitoring;
import io.vigil.server.api.Routes;
import io.vigil.server.featurestore.FeatureStore;
import io.vigil.server.grpc.GrpcServer;
import io.vigil.server.audit.AuditApi;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.auth.Auth;
import io.vigil.server.config.EdgeConfig;
import io.vigil.server.config.TlsConfig;
import io.vigil.server.config.VigilConfig;
import io.vigil.server.datasets.DatasetImports;
import io.vigil.server.datasets.DatasetRepository;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.DirectUploads;
import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.events.CurrentState;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventRelay;
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
import io.vigil.server.monitoring.Monitoring;
import io.vigil.server.monitoring.metrics.PrometheusApi;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.monitoring.alerts.channels.AlertDeliveries;
import io.vigil.server.persistence.BlobLocks;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.Notifications;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.detections.Detections;
import io.vigil.server.serving.Serving;
import io.vigil.server.serving.ServingSettings;
import io.vigil.server.settings.BuiltInSections;
import io.vigil.server.settings.RuntimeSettings;
import io.vigil.server.settings.SettingsApi;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStores;
import io.vigil.server.privacy.PrivacySettings;
import io.vigil.server.privacy.Retention;
import io.vigil.server.datasets.DatasetRetention;
import io.vigil.server.storage.crypto.DataKeyRepository;
import io.vigil.server.storage.crypto.Encryption;
import io.vigil.server.storage.OrphanBlobSweeper;
import io.vigil.server.storage.ScratchFiles;
import io.vigil.server.streams.Streams;
import io.vigil.server.streams.StreamsApi;
import io.vigil.server.ui.UiApi;
import io.vigil.server.ui.UiFiles;
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
    private final Retention retention;
    private final AuditLog audit;
    private final VigilMetrics metrics;
    private final Monitoring monitoring;
    private final Detections detections;
    private final AssetMonitoring assets;
    private final RuntimeSettings settings;
    private final BuiltInSections sections;
    private final Notifications notifications;
    private final EventRelay relay;
    private final Streams streams; // Kafka stream scoring: stopped first, while serving and detections still score
    private final GrpcServer grpc; // null when grpc.enabled is false

    private Vigil(VigilConfig config, Database database, JobWorkers workers, EventBus events, EventsApi eventStreams,
                  HttpServer http, List<Route> routes, Serving serving, OrphanBlobSweeper sweeper, Retention retention, AuditLog audit,
                  VigilMetrics metrics, Monitoring monitoring, AssetMonitoring assets, Detections detections,
                  RuntimeSettings settings, BuiltInSections sections, Notifications notifications, EventRelay relay, Streams streams,
                  GrpcServer grpc) {
        this.config = config;
        this.grpc = grpc;
        this.streams = streams;
        this.database = database;
        this.workers = workers;
        this.events = events;
        this.eventStreams = eventStreams;
        this.http = http;
        this.routes = routes;
        this.serving = serving;
        this.sweeper = sweeper;
        this.retention = retention;
        this.audit = audit;
        this.metrics = metrics;
        this.monitoring = monitoring;
        this.detections = detections;
        this.assets = assets;
        this.settings = settings;
        this.sections = sections;
        this.notifications = notifications;
        this.relay = relay;
    }

    public static Vigil start(VigilConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Vigil start(VigilConfig config, Clock clock) {
        long begin = System.nanoTime();
        createDirectories(config);
        BlobStore driver = BlobStores.create(config.storage(), config.dataDir());
        Database database = Database.start(new DatabaseSettings(config.dbUrl(), config.dbUser(), config.dbPassword(),
                config.embeddedDbDir(), config.dbEmbeddedPort(), config.dbPoolSize()));
        EventBus events = new EventBus();
        // the one LISTEN connection of this instance: settings, deployments and live events from the other instances
        Notifications notifications = new Notifications(() -> database.openDedicated(Notifications.APPLICATION_NAME));
        EventRelay relay = new EventRelay(database.jdbi(), notifications, events, Notifications.APPLICATION_NAME);
        VigilMetrics metrics = VigilMetrics.start(config.metrics());
        JobWorkers workers = null;
        Serving serving = null;
        OrphanBlobSweeper sweeper = null;
        Retention retention = null;
        AuditLog audit = null;
        Monitoring monitoring = null;
        AssetMonitoring assets = null;
        Detections detections = null;
        RuntimeSettings settings = null;
        Streams streams = null;
        try {
            BlobStore blobs = Encryption.protect(driver, config.dataProtection().encryption(), new DataKeyRepository(database.jdbi()));
            // the settings that change at run time: each section's stored revision in force before its part is built
            settings = new RuntimeSettings(database.jdbi(), notifications, clock, RuntimeSettings.CHECK_EVERY);
            BuiltInSections sections = BuiltInSections.register(settings, config.rateLimits(), config.servingCacheSize(),
                    Duration.ofSeconds(config.servingCacheTtlSeconds()));
            settings.start();
            notifications.start();
            relay.start();
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
            ModelRegistry models = ModelRegistry.create(modelRepository, datasets, blobs, events, queue, scratch, clock,
                    Map.of("accuracy", config.validationMinAccuracy()), notifications.instance(),
                    new DatasetImports(datasets, config.storage().importsDir()), config.trainingSampleRows());
            queue.addListener(new JobEvents(events, clock));
            workers = new JobWorkers(queue, JobWorkerSettings.defaults().withWorkers(config.jobWorkers()))
                    .register(TrainingJob.KIND, models.trainingJob());
            workers.start();
            monitoring = new Monitoring(database.jdbi(), models, events, metrics, config.monitoring(), clock);
            serving = new Serving(new ServingSettings(config.servingModelBudgetMb() * 1024L * 1024L, config.servingCacheSize(),
                    Duration.ofSeconds(config.servingCacheTtlSeconds()), config.servingRecordQueue(),
                    config.servingRecordRate(), config.experiments().shadowQueue(), config.servingWindowEntities()),
                    database.jdbi(), models, events, clock, datasets, queue, workers, metrics.scoring(), monitoring.observer());
            serving.followDeployments(notifications); // the other instances' deploys, rollbacks and retirements
            Serving wired = serving; // the lambda needs a final one
            sections.cache().listen(c -> wired.predictionCache().resize(c.size(), Duration.ofSeconds(c.ttlSeconds())));
            metrics.watchServing(serving::stats);
            metrics.watchJobs(queue, workers::kinds);
            monitoring.start(serving.splits(), serving.shadows(), serving::stats, datasets, queue, audit);
            detections = new Detections(database.jdbi(), events, clock, config.assets().eventGap(), config.eventLog(), config.dataDir(), models,
                    serving, monitoring.feedback(),
                    metrics.enabled() ? metrics.registry() : null,
                    config.dataProtection().privacy().eventLog() ? config.dataProtection().privacy().pseudonyms() : Optional.empty(),
                    config.searchEmbeddings());
            detections.useSettings(settings, sections.thresholds());
            streams = new Streams(wired::scoreStream, sections.thresholds(), metrics.enabled() ? metrics.registry() : null, clock)
                    .start(settings, config.streams());
            assets = new AssetMonitoring(database.jdbi(), config.assets(), detections.securityEvents(), datasets, models, serving, clock)
                    .start();

            PrivacySettings privacy = config.dataProtection().privacy();
            retention = new Retention(database.jdbi(), audit, clock, Retention.of(privacy.datasetRetention(),
                    new DatasetRetention(datasets, datasetsRepository), privacy.eventRetention(), detections.retention()))
                    .start(privacy.retentionCheck());

            FeatureStore featureStore = new FeatureStore(database.jdbi(), datasets, assets.assets(), clock);
            serving.api().useStoredFeatures(featureStore::latest); // predictions may carry an entity key instead of its features
            HealthApi health = new HealthApi(Map.of("database", database::checkHealth, "storage", blobs::checkHealth),
                    clock, VERSION);
            EventsApi eventStreams = new EventsApi(events, new CurrentState(queue, models.transitions()::currentState, clock));
            List<Route> routes = Routes.all(health, new DocsApi(), new DatasetsApi(datasets, config.dataProtection().privacy(),
                    new DirectUploads(datasets, blobs, config.storage().urlLifetime())), new ModelsApi(models),
                    new JobsApi(queue), eventStreams, serving.api(), new AlgorithmsApi(), auth.api(), new AuditApi(audit),
                    new PrometheusApi(metrics), monitoring.apis(), assets.apis(), detections.eventsApi(),
                    detections.searchApi(), detections.incidentsApi(), featureStore.api(), new SettingsApi(settings, sections.thresholds()),
                    new StreamsApi(streams));
            // the dashboard is served beside the API, behind the same guards, but is no route of it (openapi.yaml, the role matrix)
            List<Route> servedRoutes = java.util.stream.Stream.concat(routes.stream(), new UiApi(UiFiles.load()).routes().stream()).toList();
            RateLimiter rateLimiter = new RateLimiter(config.rateLimits(), clock);
            sections.rateLimits().listen(limits -> rateLimiter.apply(limits.toSettings()));
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings(config.host(), config.port(), config.maxUploadBytes(), config.uploadTempDir(),
                            config.shutdownTimeoutSeconds(), Duration.ofSeconds(config.bodyTimeoutSeconds()), edge(config.edge())),
                    servedRoutes, auth.authenticator(), new Safeguards(rateLimiter, audit),
                    metrics.enabled() ? new HttpMeters(metrics.registry()) : HttpMeters.NONE);
            GrpcServer grpc = startGrpc(config, http, serving, modelRepository, auth, rateLimiter,
                    List.of(database::checkHealth, () -> {
                        try {
                            blobs.checkHealth();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
            log.atInfo().addKeyValue("version", VERSION).addKeyValue("port", http.port())
                    .addKeyValue("embeddedDatabase", database.isEmbedded()).addKeyValue("schemaVersion", database.schemaVersion())
                    .addKeyValue("dataDir", config.dataDir())
                    .addKeyValue("jobWorkers", config.jobWorkers())
                    .addKeyValue("startMs", (System.nanoTime() - begin) / 1_000_000).log("Vigil started");
            return new Vigil(config, database, workers, events, eventStreams, http, routes, serving, sweeper, retention, audit, metrics, monitoring, assets,
                    detections, settings, sections, notifications, relay, streams, grpc);
        } catch (RuntimeException e) {
            if (streams != null) {
                streams.close();
            }
            if (sweeper != null) {
                sweeper.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (serving != null) {
                serving.close();
            }
            if (assets != null) {
                assets.close();
            }
            if (detections != null) {
                detections.close();
            }
            if (monitoring != null) {
                monitoring.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (audit != null) {
                audit.close();
            }
            if (settings != null) {
                settings.close();
            }
            relay.close();
            notifications.close();
            metrics.close();
            events.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The gRPC port, or -1 when gRPC is off. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.port();
    }

    /** gRPC beside HTTP (if enabled); if it cannot start, the HTTP server started before it stops too. */
    private static GrpcServer startGrpc(VigilConfig config, HttpServer http, Serving serving, ModelRepository models, Auth auth,
                                        RateLimiter rateLimiter, List<Runnable> readiness) {
        if (!config.edge().grpc().enabled()) {
            return null;
        }
        BooleanSupplier ready = () -> {
            try {
                readiness.forEach(Runnable::run);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        };
        try {
            return GrpcServer.start(config.edge().grpc(), config.host(), config.edge().tls(), config.shutdownTimeoutSeconds(),
                    new GrpcServer.Parts(serving.resolver(), serving.predictor(), models, ready, auth.authenticator(), rateLimiter, VERSION));
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    public VigilConfig config() {
        return config;
    }

    /** Where alerting hands notices to the alert channels. */
    public AlertDeliveries alertDeliveries() {
        return monitoring.alertDeliveries();
    }

    /** Security events, incidents and verdicts. */
    public Detections detections() {
        return detections;
    }

    /**
     * The settings that change at run time ({@code /ml/config}): register a section here
     * ({@code RuntimeSection}'s Javadoc shows how).
     */
    public RuntimeSettings settings() {
        return settings;
    }

    /** The built-in sections: thresholds, rate limits, the prediction cache. */
    public BuiltInSections sections() {
        return sections;
    }

    /** The retention job ({@code retention.*}). */
    public Retention retention() {
        return retention;
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
            if (grpc != null) {
                grpc.close(); // health turns NOT_SERVING, running calls finish, while serving still scores
            }
            http.close();
        } finally {
            try {
                streams.close(); // what the streams scored is written to Kafka and committed while serving still runs
                sweeper.close();
                retention.close();
                serving.close(); // queued shadow copies are scored, queued prediction records written, while the database is up
                assets.close();
                detections.close(); // the events verdicts and anomalies raised are stored while the database is up
                monitoring.close(); // then retraining, experiments, the last threat sightings, counts and alert deliveries
                workers.close(); // running jobs stop; the sweeper of the next start re-queues them
                audit.close(); // the changes of the last requests are stored while the database is up
                settings.close();
                relay.close();
                notifications.close(); // the listening connection, before the database goes
            } finally {
                metrics.close(); // its refreshes read the database: stopped before it
                events.close();
                database.close();
            }
        }
        log.info("Vigil stopped");
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
