package io.vigil.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.AuthSettings;
import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.limits.RouteGroup;
import io.vigil.server.monitoring.metrics.MetricsSettings;
import io.vigil.engine.drift.DriftMethod;
import io.vigil.engine.drift.DriftSettings;
import io.vigil.server.monitoring.alerts.AlertRule;
import io.vigil.server.monitoring.alerts.AlertRules;
import io.vigil.server.monitoring.alerts.AlertsConfig;
import io.vigil.server.monitoring.drift.DriftConfig;
import io.vigil.server.assets.AssetSettings;
import io.vigil.server.eventlog.EventLogSettings;
import io.vigil.server.monitoring.retraining.RetrainingSettings;
import io.vigil.server.monitoring.alerts.channels.ChannelSettings;
import io.vigil.server.monitoring.alerts.channels.DeliveryPolicy;
import io.vigil.server.monitoring.alerts.channels.SmtpSettings;
import io.vigil.server.monitoring.experiments.ExperimentSettings;
import io.vigil.server.monitoring.health.HealthThresholds;
import io.vigil.server.outbound.OutboundAllowlist;
import io.vigil.server.outbound.OutboundSettings;
import io.vigil.server.storage.BlobStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the one {@link VigilConfig}: built-in defaults, overridden by {@code vigil.yaml}, overridden
 * by {@code VIGIL_*} environment variables. Every value is checked here, so a bad one stops the
 * start with a message that names the setting — never a failure later at run time.
 */
public final class ConfigLoader {
    static final Setting<String> HOST = Setting.text("server.host", "VIGIL_HOST", "127.0.0.1");
    static final Setting<Integer> PORT = Setting.integer("server.port", "VIGIL_PORT", 8080, 0, 65535);
    static final Setting<Integer> SHUTDOWN_TIMEOUT = Setting.integer("server.shutdownTimeoutSeconds", "VIGIL_SHUTDOWN_TIMEOUT_SECONDS", 10, 0, 600);
    static final Setting<Integer> BODY_TIMEOUT = Setting.integer("server.bodyTimeoutSeconds", "VIGIL_BODY_TIMEOUT_SECONDS", 20, 1, 3600);
    static final Setting<String> DATA_DIR = Setting.text("dataDir", "VIGIL_DATA_DIR", ".vigil-data");
    static final Setting<String> DB_URL = new Setting<>("database.url", "VIGIL_DB_URL", "", "a jdbc:postgresql:// URL, or empty for the embedded database",
            s -> s.isEmpty() || s.startsWith("jdbc:postgresql://") ? s : null);
    static final Setting<String> DB_USER = Setting.text("database.user", "VIGIL_DB_USER", "postgres");
    static final Setting<String> DB_PASSWORD = Setting.text("database.password", "VIGIL_DB_PASSWORD", "");
    static final Setting<Integer> DB_POOL_SIZE = Setting.integer("database.poolSize", "VIGIL_DB_POOL_SIZE", 10, 1, 200);
    static final Setting<Integer> DB_EMBEDDED_PORT = Setting.integer("database.embeddedPort", "VIGIL_DB_EMBEDDED_PORT", 0, 0, 65535);
    static final Setting<String> STORAGE_DRIVER = Setting.oneOf("storage.driver", "VIGIL_STORAGE_DRIVER", BlobStores.DEFAULT_DRIVER, BlobStores.DRIVERS);
    static final Setting<Integer> STORAGE_ORPHAN_SWEEP = Setting.integer("storage.orphanSweepSeconds", "VIGIL_STORAGE_ORPHAN_SWEEP_SECONDS", 600, 1, 86_400);
    static final Setting<Integer> MAX_UPLOAD_MB = Setting.integer("uploads.maxMb", "VIGIL_MAX_UPLOAD_MB", 1024, 1, 1024 * 1024);
    static final Setting<String> LOG_FORMAT = Setting.oneOf("logging.format", "VIGIL_LOG_FORMAT", "text", List.of("text", "json"));

    static final Setting<Integer> JOB_WORKERS = Setting.integer("jobs.workers", "VIGIL_JOB_WORKERS", 2, 1, 64);
    static final Setting<Double> VALIDATION_MIN_ACCURACY = Setting.fraction("validation.minAccuracy", "VIGIL_VALIDATION_MIN_ACCURACY", 0.8);
    static final Setting<Integer> SERVING_MODEL_BUDGET_MB = Setting.integer("serving.modelBudgetMb", "VIGIL_SERVING_MODEL_BUDGET_MB", 512, 1, 1024 * 1024);
    static final Setting<Integer> SERVING_CACHE_SIZE = Setting.integer("serving.cacheSize", "VIGIL_SERVING_CACHE_SIZE", 10_000, 0, 100_000_000);
    static final Setting<Integer> SERVING_CACHE_TTL = Setting.integer("serving.cacheTtlSeconds", "VIGIL_SERVING_CACHE_TTL_SECONDS", 60, 1, 86_400);
    static final Setting<Integer> SERVING_RECORD_QUEUE = Setting.integer("serving.recordQueue", "VIGIL_SERVING_RECORD_QUEUE", 10_000, 0, 10_000_000);
    static final Setting<Integer> SERVING_RECORD_RATE = Setting.integer("serving.recordRate", "VIGIL_SERVING_RECORD_RATE", 20_000, 1, 100_000_000);
    static final Setting<Integer> SERVING_WINDOW_ENTITIES = Setting.integer("serving.windowEntities", "VIGIL_SERVING_WINDOW_ENTITIES",
            100_000, 1, 100_000_000);
    static final Setting<Integer> MONITORING_RETENTION_DAYS = Setting.integer("monitoring.retentionDays", "VIGIL_PREDICTION_RETENTION_DAYS",
            30, 1, 365);

    // drift (monitoring/drift): the defaults under each model's own settings
    static final Setting<String> DRIFT_NUMERIC_METHOD = driftMethod("drift.numericMethod", "VIGIL_DRIFT_NUMERIC_METHOD");
    static final Setting<java.util.Optional<Double>> DRIFT_NUMERIC_THRESHOLD = driftThreshold("drift.numericThreshold", "VIGIL_DRIFT_NUMERIC_THRESHOLD");
    static final Setting<String> DRIFT_CATEGORICAL_METHOD = driftMethod("drift.categoricalMethod", "VIGIL_DRIFT_CATEGORICAL_METHOD");
    static final Setting<java.util.Optional<Double>> DRIFT_CATEGORICAL_THRESHOLD = driftThreshold("drift.categoricalThreshold",
            "VIGIL_DRIFT_CATEGORICAL_THRESHOLD");
    static final Setting<Double> DRIFT_SHARE = Setting.fraction("drift.share", "VIGIL_DRIFT_SHARE", 0.5);
    static final Setting<Integer> DRIFT_MIN_ROWS = Setting.integer("drift.minRows", "VIGIL_DRIFT_MIN_ROWS", 30, 1, DriftSettings.MAX_MIN_ROWS);
    static final Setting<Integer> DRIFT_MAX_ROWS = Setting.integer("drift.maxRows", "VIGIL_DRIFT_MAX_ROWS", DriftConfig.DEFAULT_MAX_ROWS, 100, 1_000_000);

    // experiments (monitoring/experiments): A/B tests and shadow models
    static final Setting<Integer> EXPERIMENTS_EVALUATE = Setting.integer("experiments.evaluateSeconds", "VIGIL_EXPERIMENTS_EVALUATE_SECONDS",
            60, 1, 3600);
    static final Setting<Integer> EXPERIMENTS_SHADOW_QUEUE = Setting.integer("experiments.shadowQueue", "VIGIL_EXPERIMENTS_SHADOW_QUEUE",
            10_000, 1, 1_000_000);
    // health and alerts (monitoring/alerts, monitoring/health)
    static final Setting<Boolean> ALERTS_ENABLED = Setting.bool("alerts.enabled", "VIGIL_ALERTS_ENABLED", true);
    static final Setting<Integer> ALERTS_EVALUATE_EVERY = Setting.integer("alerts.evaluateEverySeconds", "VIGIL_ALERTS_EVALUATE_EVERY_SECONDS",
            60, 1, 86_400);
    static final Setting<Integer> ALERTS_DRIFT_EVERY = Setting.integer("alerts.driftEverySeconds", "VIGIL_ALERTS_DRIFT_EVERY_SECONDS",
            300, 1, 86_400);
    static final Setting<String> ALERTS_DRIFT_WINDOW = Setting.text("alerts.driftWindow", "VIGIL_ALERTS_DRIFT_WINDOW", "1h");
    static final Setting<String> ALERTS_RULES = Setting.text("alerts.rules", "VIGIL_ALERTS_RULES", "");
    private static final HealthThresholds HEALTH = HealthThresholds.DEFAULTS;
    static final Setting<String> HEALTH_WINDOW = Setting.text("health.window", "VIGIL_HEALTH_WINDOW", HEALTH.window());
    static final Setting<String> HEALTH_ACCURACY_WINDOW = Setting.text("health.accuracyWindow", "VIGIL_HEALTH_ACCURACY_WINDOW",
            HEALTH.accuracyWindow());
    static final Setting<Double> HEALTH_ERROR_RATE_DEGRADED = Setting.fraction("health.errorRateDegraded", "VIGIL_HEALTH_ERROR_RATE_DEGRADED",
            HEALTH.errorRateDegraded());
    static final Setting<Double> HEALTH_ERROR_RATE_FAILING = Setting.fraction("health.errorRateFailing", "VIGIL_HEALTH_ERROR_RATE_FAILING",
            HEALTH.errorRateFailing());
    static final Setting<Integer> HEALTH_LATENCY_DEGRADED = Setting.integer("health.latencyP99DegradedMs", "VIGIL_HEALTH_LATENCY_P99_DEGRADED_MS",
            (int) HEALTH.latencyP99DegradedMs(), 1, 600_000);
    static final Setting<Integer> HEALTH_LATENCY_FAILING = Setting.integer("health.latencyP99FailingMs", "VIGIL_HEALTH_LATENCY_P99_FAILING_MS",
            (int) HEALTH.latencyP99FailingMs(), 1, 600_000);
    static final Setting<Double> HEALTH_DRIFT_DEGRADED = Setting.fraction("health.driftShareDegraded", "VIGIL_HEALTH_DRIFT_SHARE_DEGRADED",
            HEALTH.driftShareDegraded());
    static final Setting<Double> HEALTH_DRIFT_FAILING = Setting.fraction("health.driftShareFailing", "VIGIL_HEALTH_DRIFT_SHARE_FAILING",
            HEALTH.driftShareFailing());
    static final Setting<Double> HEALTH_ACCURACY_DEGRADED = Setting.fraction("health.accuracyDropDegraded",
            "VIGIL_HEALTH_ACCURACY_DROP_DEGRADED", HEALTH.accuracyDropDegraded());
    static final Setting<Double> HEALTH_ACCURACY_FAILING = Setting.fraction("health.accuracyDropFailing", "VIGIL_HEALTH_ACCURACY_DROP_FAILING",
            HEALTH.accuracyDropFailing());
    static final Setting<Integer> HEALTH_MIN_PREDICTIONS = Setting.integer("health.minPredictions", "VIGIL_HEALTH_MIN_PREDICTIONS",
            HEALTH.minPredictions(), 1, 1_000_000);
    static final Setting<Integer> HEALTH_MIN_FEEDBACK = Setting.integer("health.minFeedback", "VIGIL_HEALTH_MIN_FEEDBACK",
            HEALTH.minFeedback(), 1, 1_000_000);

    static final Setting<OutboundAllowlist> OUTBOUND_ALLOW = new Setting<>("outbound.allow", "VIGIL_OUTBOUND_ALLOW", "",
            "address blocks (10.0.0.0/8, fd00::/8) and host:port targets (alerts.internal:8443, [::1]:9000), separated by commas",
            OutboundAllowlist::parse);
    static final Setting<Integer> OUTBOUND_CONNECT_TIMEOUT = Setting.integer("outbound.connectTimeoutSeconds", "VIGIL_OUTBOUND_CONNECT_TIMEOUT_SECONDS", 5, 1, 300);
    static final Setting<Integer> OUTBOUND_TIMEOUT = Setting.integer("outbound.timeoutSeconds", "VIGIL_OUTBOUND_TIMEOUT_SECONDS", 15, 1, 3600);
    static final Setting<Integer> OUTBOUND_MAX_REDIRECTS = Setting.integer("outbound.maxRedirects", "VIGIL_OUTBOUND_MAX_REDIRECTS", 3, 0, 10);
    static final Setting<Integer> OUTBOUND_MAX_RESPONSE_KB = Setting.integer("outbound.maxResponseKb", "VIGIL_OUTBOUND_MAX_RESPONSE_KB", 1024, 1, 1024 * 1024);

    // alert channels (monitoring/alerts/channels): the SMTP server of email channels, retries, circuit breakers, links
    static final Setting<String> ALERTS_PUBLIC_URL = new Setting<>("alerts.publicUrl", "VIGIL_ALERTS_PUBLIC_URL", "",
            "empty, or Vigil's address as people reach it, such as https://vigil.soc.example (links in alert messages)",
            s -> s.isEmpty() || s.matches("https?://[^\\s/?#@]+(/[^\\s?#]*)?") ? s : null);
    static final Setting<String> SMTP_HOST = Setting.text("alerts.smtp.host", "VIGIL_ALERTS_SMTP_HOST", "");
    static final Setting<Integer> SMTP_PORT = Setting.integer("alerts.smtp.port", "VIGIL_ALERTS_SMTP_PORT", 587, 1, 65535);
    static final Setting<String> SMTP_USERNAME = Setting.text("alerts.smtp.username", "VIGIL_ALERTS_SMTP_USERNAME", "");
    static final Setting<String> SMTP_PASSWORD = Setting.secret("alerts.smtp.password", "VIGIL_ALERTS_SMTP_PASSWORD", 1,
            "the SMTP user's password, or empty");
    static final Setting<String> SMTP_FROM = Setting.text("alerts.smtp.from", "VIGIL_ALERTS_SMTP_FROM", "");
    static final Setting<Boolean> SMTP_STARTTLS = Setting.bool("alerts.smtp.startTls", "VIGIL_ALERTS_SMTP_STARTTLS", true);
    static final Setting<Integer> DELIVERY_MAX_ATTEMPTS = Setting.integer("alerts.delivery.maxAttempts", "VIGIL_ALERTS_DELIVERY_MAX_ATTEMPTS",
            DeliveryPolicy.DEFAULTS.maxAttempts(), 1, 50);
    static final Setting<Integer> DELIVERY_BACKOFF = Setting.integer("alerts.delivery.backoffSeconds", "VIGIL_ALERTS_DELIVERY_BACKOFF_SECONDS",
            (int) DeliveryPolicy.DEFAULTS.firstBackoff().toSeconds(), 1, 3600);
    static final Setting<Integer> DELIVERY_THREADS = Setting.integer("alerts.delivery.threads", "VIGIL_ALERTS_DELIVERY_THREADS",
            DeliveryPolicy.DEFAULTS.threads(), 1, 64);
    static final Setting<Integer> DELIVERY_BREAKER_CALLS = Setting.integer("alerts.delivery.breakerCalls", "VIGIL_ALERTS_DELIVERY_BREAKER_CALLS",
            DeliveryPolicy.DEFAULTS.breakerCalls(), 1, 1000);
    static final Setting<Integer> DELIVERY_BREAKER_OPEN = Setting.integer("alerts.delivery.breakerOpenSeconds",
            "VIGIL_ALERTS_DELIVERY_BREAKER_OPEN_SECONDS", (int) DeliveryPolicy.DEFAULTS.breakerOpen().toSeconds(), 1, 86_400);
    static final Setting<Integer> DELIVERY_KEEP_DAYS = Setting.integer("alerts.delivery.keepDays", "VIGIL_ALERTS_DELIVERY_KEEP_DAYS",
            DeliveryPolicy.DEFAULTS.keepDays(), 1, 365);

    // the edge of the HTTP server (EdgeConfig): TLS, names and origins answered, sizes of a request's head
    static final Setting<Boolean> GRPC_ENABLED = Setting.bool("grpc.enabled", "VIGIL_GRPC_ENABLED", false);
    static final Setting<Integer> GRPC_PORT = Setting.integer("grpc.port", "VIGIL_GRPC_PORT", io.vigil.server.grpc.GrpcSettings.DEFAULT_PORT, 0, 65535);
    static final Setting<String> TLS_KEYSTORE = Setting.text("tls.keystore", "VIGIL_TLS_KEYSTORE", "");
    static final Setting<String> TLS_KEYSTORE_PASSWORD = Setting.text("tls.keystorePassword", "VIGIL_TLS_KEYSTORE_PASSWORD", "");
    static final Setting<String> TLS_CERT = Setting.text("tls.certificate", "VIGIL_TLS_CERT", "");
    static final Setting<String> TLS_KEY = Setting.text("tls.privateKey", "VIGIL_TLS_KEY", "");
    static final Setting<String> TLS_KEY_PASSWORD = Setting.text("tls.privateKeyPassword", "VIGIL_TLS_KEY_PASSWORD", "");
    static final Setting<java.util.Optional<Integer>> TLS_PLAIN_HTTP_PORT = Setting.optionalInteger("tls.plainHttpPort",
            "VIGIL_TLS_PLAIN_HTTP_PORT", 0, 65535);
    static final Setting<List<String>> ALLOWED_HOSTS = Setting.list("server.allowedHosts", "VIGIL_ALLOWED_HOSTS",
            "host names such as vigil.soc.example (no scheme, no port)", EdgeValues::hostName);
    static final Setting<List<String>> ALLOWED_ORIGINS = Setting.list("server.allowedOrigins", "VIGIL_ALLOWED_ORIGINS",
            EdgeValues.ORIGIN_EXPECTED, EdgeValues::origin);
    static final Setting<List<String>> CORS_ORIGINS = Setting.list("server.corsOrigins", "VIGIL_CORS_ORIGINS",
            EdgeValues.ORIGIN_EXPECTED, EdgeValues::origin);
    static final Setting<Integer> MAX_HEADER_BYTES = Setting.integer("server.maxHeaderBytes", "VIGIL_MAX_HEADER_BYTES", 8192, 1024, 65_536);
    static final Setting<Integer> MAX_URI_LENGTH = Setting.integer("server.maxUriLength", "VIGIL_MAX_URI_LENGTH", 8192, 256, 65_536);
    static final Setting<Integer> MAX_QUERY_PARAMETERS = Setting.integer("server.maxQueryParameters", "VIGIL_MAX_QUERY_PARAMETERS",
            100, 1, 10_000);
    static final Setting<Integer> MAX_UPLOAD_PARTS = Setting.integer("uploads.maxParts", "VIGIL_MAX_UPLOAD_PARTS", 100, 2, 10_000);

    // identity: secrets are empty by default (generated), and never echoed in an error
    static final Setting<String> ADMIN_PASSWORD = Setting.secret("auth.adminPassword", "VIGIL_ADMIN_PASSWORD", 12,
            "a password of 12 to 1024 characters, or empty to have one generated and printed once");
    static final Setting<String> JWT_SECRET = Setting.secret("auth.jwtSecret", "VIGIL_JWT_SECRET", 32,
            "a secret of at least 32 characters, or empty to have one generated and kept in the database");
    static final Setting<String> JWT_KEY_FILE = Setting.text("auth.jwtKeyFile", "VIGIL_JWT_KEY_FILE", "");
    static final Setting<String> JWT_ISSUER = Setting.text("auth.issuer", "VIGIL_JWT_ISSUER", "vigil");
    static final Setting<Integer> TOKEN_TTL = Setting.integer("auth.tokenTtlSeconds", "VIGIL_TOKEN_TTL_SECONDS", 900, 30, 86_400);
    static final Setting<Integer> REFRESH_TTL = Setting.integer("auth.refreshTtlSeconds", "VIGIL_REFRESH_TTL_SECONDS", 12 * 3600, 60, 90 * 86_400);
    static final Setting<Integer> AUTH_CACHE = Setting.integer("auth.cacheSeconds", "VIGIL_AUTH_CACHE_SECONDS", 5, 1, 300);
    static final Setting<Integer> LOGIN_MAX_FAILURES = Setting.integer("auth.loginMaxFailures", "VIGIL_LOGIN_MAX_FAILURES", 5, 1, 1000);
    static final Setting<Integer> LOGIN_LOCKOUT = Setting.integer("auth.loginLockoutSeconds", "VIGIL_LOGIN_LOCKOUT_SECONDS", 300, 1, 86_400);

    // rate limits: requests per minute per caller and per client address for each group of routes; 0: no limit
    private static final RateLimitSettings DEFAULT_RATES = RateLimitSettings.defaults();
    static final Setting<Boolean> RATE_LIMITS = Setting.bool("rateLimits.enabled", "VIGIL_RATE_LIMITS_ENABLED", true);
    static final Setting<Integer> RATE_LOGIN_PER_ADDRESS = perMinute("login.perAddress", "LOGIN_PER_ADDRESS", DEFAULT_RATES.of(RouteGroup.LOGIN).perAddress());
    static final Setting<Integer> RATE_UPLOADS_PER_IDENTITY = perMinute("uploads.perIdentity", "UPLOADS_PER_IDENTITY", DEFAULT_RATES.of(RouteGroup.UPLOADS).perIdentity());
    static final Setting<Integer> RATE_UPLOADS_PER_ADDRESS = perMinute("uploads.perAddress", "UPLOADS_PER_ADDRESS", DEFAULT_RATES.of(RouteGroup.UPLOADS).perAddress());
    static final Setting<Integer> RATE_PREDICTIONS_PER_IDENTITY = perMinute("predictions.perIdentity", "PREDICTIONS_PER_IDENTITY",
            DEFAULT_RATES.of(RouteGroup.PREDICTIONS).perIdentity());
    static final Setting<Integer> RATE_PREDICTIONS_PER_ADDRESS = perMinute("predictions.perAddress", "PREDICTIONS_PER_ADDRESS",
            DEFAULT_RATES.of(RouteGroup.PREDICTIONS).perAddress());
    static final Setting<Integer> RATE_OTHER_PER_IDENTITY = perMinute("other.perIdentity", "OTHER_PER_IDENTITY", DEFAULT_RATES.of(RouteGroup.OTHER).perIdentity());
    static final Setting<Integer> RATE_OTHER_PER_ADDRESS = perMinute("other.perAddress", "OTHER_PER_ADDRESS", DEFAULT_RATES.of(RouteGroup.OTHER).perAddress());

    // metrics: GET /metrics, open by default like /health
    static final Setting<Boolean> METRICS_ENABLED = Setting.bool("metrics.enabled", "VIGIL_METRICS_ENABLED", true);
    static final Setting<Boolean> METRICS_PUBLIC = Setting.bool("metrics.public", "VIGIL_METRICS_PUBLIC", true);
    static final Setting<String> METRICS_ACCESS = Setting.oneOf("metrics.access", "VIGIL_METRICS_ACCESS", Access.READ.wire(),
            Arrays.stream(Access.values()).filter(a -> a != Access.PUBLIC).map(Access::wire).toList());
    static final Setting<Integer> METRICS_REFRESH = Setting.integer("metrics.refreshSeconds", "VIGIL_METRICS_REFRESH_SECONDS", 15, 1, 3600);

    // retraining (monitoring/retraining): this instance's evaluation of the policies
    static final Setting<Boolean> RETRAINING_ENABLED = Setting.bool("retraining.enabled", "VIGIL_RETRAINING_ENABLED", true);
    static final Setting<Integer> RETRAINING_CHECK = Setting.integer("retraining.checkSeconds", "VIGIL_RETRAINING_CHECK_SECONDS",
            (int) RetrainingSettings.defaults().checkEvery().toSeconds(), 1, 3600);
    static final Setting<Integer> RETRAINING_MAX_FEEDBACK_ROWS = Setting.integer("retraining.maxFeedbackRows",
            "VIGIL_RETRAINING_MAX_FEEDBACK_ROWS", RetrainingSettings.defaults().maxFeedbackRows(), 1, 10_000_000);

    // the per-asset anomaly service (assets/)
    static final Setting<Double> ASSETS_THRESHOLD = Setting.fraction("assets.anomalyThreshold", "VIGIL_ASSETS_ANOMALY_THRESHOLD",
            AssetSettings.defaults().anomalyThreshold());
    static final Setting<Integer> ASSETS_RETENTION = Setting.integer("assets.retentionDays", "VIGIL_ASSETS_RETENTION_DAYS",
            AssetSettings.defaults().retentionDays(), 1, 3650);
    static final Setting<Integer> ASSETS_MIN_TRAINING = Setting.integer("assets.minTrainingSamples", "VIGIL_ASSETS_MIN_TRAINING_SAMPLES",
            AssetSettings.defaults().minTrainingSamples(), 10, 10_000_000);
    static final Setting<Boolean> ASSETS_EVENTS = Setting.bool("assets.autoCreateEvents", "VIGIL_ASSETS_AUTO_CREATE_EVENTS",
            AssetSettings.defaults().autoCreateEvents());
    static final Setting<Integer> ASSETS_EVENT_GAP = Setting.integer("assets.eventGapSeconds", "VIGIL_ASSETS_EVENT_GAP_SECONDS",
            (int) AssetSettings.defaults().eventGap().toSeconds(), 1, 86_400);
    static final Setting<Integer> ASSETS_HISTORY = Setting.integer("assets.historyHours", "VIGIL_ASSETS_HISTORY_HOURS",
            (int) AssetSettings.defaults().history().toHours(), 1, 24 * 90);
    static final Setting<Integer> ASSETS_MAX_POINTS = Setting.integer("assets.maxPointsPerRequest", "VIGIL_ASSETS_MAX_POINTS_PER_REQUEST",
            AssetSettings.defaults().maxPointsPerRequest(), 1, 1_000_000);

    // the JSON-lines event log (eventlog/)
    static final Setting<Boolean> EVENT_LOG_ENABLED = Setting.bool("eventLog.enabled", "VIGIL_EVENT_LOG_ENABLED", true);
    static final Setting<String> EVENT_LOG_DIR = Setting.text("eventLog.dir", "VIGIL_EVENT_LOG_DIR", "");
    static final Setting<Integer> EVENT_LOG_MAX_FILE_MB = Setting.integer("eventLog.maxFileMb", "VIGIL_EVENT_LOG_MAX_FILE_MB",
            (int) (EventLogSettings.DEFAULT_MAX_FILE_BYTES >> 20), 1, 1024 * 1024);
    static final Setting<Integer> EVENT_LOG_RETAIN_FILES = Setting.integer("eventLog.retainFiles", "VIGIL_EVENT_LOG_RETAIN_FILES",
            EventLogSettings.DEFAULT_RETAIN_FILES, 1, 100_000);
    static final Setting<Boolean> EVENT_LOG_COMPRESS = Setting.bool("eventLog.compress", "VIGIL_EVENT_LOG_COMPRESS", true);
    static final Setting<String> EVENT_LOG_FSYNC = Setting.oneOf("eventLog.fsync", "VIGIL_EVENT_LOG_FSYNC", EventLogSettings.Fsync.NEVER.wire(),
            java.util.Arrays.stream(EventLogSettings.Fsync.values()).map(EventLogSettings.Fsync::wire).toList());

    /** How many training rows (and held-out rows) a training on another engine (Spark) keeps in this server's heap. */
    static final Setting<Integer> TRAINING_SAMPLE_ROWS = Setting.integer("training.sampleRows", "VIGIL_TRAINING_SAMPLE_ROWS",
            io.vigil.server.models.TrainingEngines.DEFAULT_SAMPLE_ROWS, 100, 50_000_000);

    /** Whether events' texts are embedded (all-MiniLM-L6-v2, about 90 MB once loaded) so they can be searched by meaning. */
    static final Setting<Boolean> SEARCH_EMBEDDINGS = Setting.bool("search.embeddings", "VIGIL_SEARCH_EMBEDDINGS", true);

    static final List<Setting<?>> ALL = List.of(TRAINING_SAMPLE_ROWS, SEARCH_EMBEDDINGS, HOST, PORT, SHUTDOWN_TIMEOUT, DATA_DIR, DB_URL, DB_USER, DB_PASSWORD,
            DB_POOL_SIZE, DB_EMBEDDED_PORT, STORAGE_DRIVER, MAX_UPLOAD_MB, LOG_FORMAT, JOB_WORKERS, VALIDATION_MIN_ACCURACY,
            SERVING_MODEL_BUDGET_MB, SERVING_CACHE_SIZE, SERVING_CACHE_TTL, SERVING_RECORD_QUEUE,
            SERVING_RECORD_RATE, SERVING_WINDOW_ENTITIES, BODY_TIMEOUT, STORAGE_ORPHAN_SWEEP, MONITORING_RETENTION_DAYS,
            DRIFT_NUMERIC_METHOD, DRIFT_NUMERIC_THRESHOLD, DRIFT_CATEGORICAL_METHOD, DRIFT_CATEGORICAL_THRESHOLD, DRIFT_SHARE,
            DRIFT_MIN_ROWS, DRIFT_MAX_ROWS, EXPERIMENTS_EVALUATE, EXPERIMENTS_SHADOW_QUEUE,
            ALERTS_ENABLED, ALERTS_EVALUATE_EVERY, ALERTS_DRIFT_EVERY, ALERTS_DRIFT_WINDOW, ALERTS_RULES, HEALTH_WINDOW,
            HEALTH_ACCURACY_WINDOW, HEALTH_ERROR_RATE_DEGRADED, HEALTH_ERROR_RATE_FAILING, HEALTH_LATENCY_DEGRADED, HEALTH_LATENCY_FAILING,
            HEALTH_DRIFT_DEGRADED, HEALTH_DRIFT_FAILING, HEALTH_ACCURACY_DEGRADED, HEALTH_ACCURACY_FAILING, HEALTH_MIN_PREDICTIONS,
            HEALTH_MIN_FEEDBACK,
            ASSETS_THRESHOLD, ASSETS_RETENTION, ASSETS_MIN_TRAINING, ASSETS_EVENTS, ASSETS_EVENT_GAP, ASSETS_HISTORY, ASSETS_MAX_POINTS,
            EVENT_LOG_ENABLED, EVENT_LOG_DIR, EVENT_LOG_MAX_FILE_MB, EVENT_LOG_RETAIN_FILES, EVENT_LOG_COMPRESS, EVENT_LOG_FSYNC,
            OUTBOUND_ALLOW, OUTBOUND_CONNECT_TIMEOUT, OUTBOUND_TIMEOUT, OUTBOUND_MAX_REDIRECTS, OUTBOUND_MAX_RESPONSE_KB,
            TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, TLS_CERT, TLS_KEY, TLS_KEY_PASSWORD, TLS_PLAIN_HTTP_PORT,
            ALLOWED_HOSTS, ALLOWED_ORIGINS, CORS_ORIGINS, MAX_HEADER_BYTES, MAX_URI_LENGTH, MAX_QUERY_PARAMETERS, MAX_UPLOAD_PARTS,
            ADMIN_PASSWORD, JWT_SECRET, JWT_KEY_FILE, JWT_ISSUER, TOKEN_TTL, REFRESH_TTL, AUTH_CACHE, LOGIN_MAX_FAILURES,
            LOGIN_LOCKOUT, RATE_LIMITS, RATE_LOGIN_PER_ADDRESS, RATE_UPLOADS_PER_IDENTITY, RATE_UPLOADS_PER_ADDRESS,
            RATE_PREDICTIONS_PER_IDENTITY, RATE_PREDICTIONS_PER_ADDRESS, RATE_OTHER_PER_IDENTITY, RATE_OTHER_PER_ADDRESS,
            METRICS_ENABLED, METRICS_PUBLIC, METRICS_ACCESS, METRICS_REFRESH,
            RETRAINING_ENABLED, RETRAINING_CHECK, RETRAINING_MAX_FEEDBACK_ROWS,
            ALERTS_PUBLIC_URL, SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS, DELIVERY_MAX_ATTEMPTS,
            DELIVERY_BACKOFF, DELIVERY_THREADS, DELIVERY_BREAKER_CALLS, DELIVERY_BREAKER_OPEN, DELIVERY_KEEP_DAYS);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> yamlValues;
    private final Map<String, String> env;
    private final String yamlSource;

    private ConfigLoader(Map<String, String> yamlValues, String yamlSource, Map<String, String> env) {
        this.yamlValues = yamlValues;
        this.yamlSource = yamlSource;
        this.env = env;
    }

    /**
     * Loads the configuration.
     *
     * @param configFile {@code --config} from the command line, or {@code null}; falls back to
     *                   {@code VIGIL_CONFIG}, then to {@code ./vigil.yaml} if it exists
     * @param env        the environment (a parameter so tests need not touch the real one)
     */
    public static VigilConfig load(Path configFile, Map<String, String> env) {
        Path file = configFile;
        boolean explicit = file != null;
        if (file == null && env.get("VIGIL_CONFIG") != null && !env.get("VIGIL_CONFIG").isBlank()) {
            file = Path.of(env.get("VIGIL_CONFIG"));
            explicit = true;
        }
        if (file == null && Files.isRegularFile(Path.of("vigil.yaml"))) {
            file = Path.of("vigil.yaml");
        }
        Map<String, String> yaml = Map.of();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                if (explicit) {
                    throw new ConfigException("configuration file " + file + " does not exist");
                }
            } else {
                yaml = readYaml(file);
            }
        }
        return new ConfigLoader(yaml, file == null ? "" : file.toString(), env).build();
    }

    private VigilConfig build() {
        String dbUrl = value(DB_URL);
        String password = value(DB_PASSWORD);
        return new VigilConfig(
                value(HOST),
                value(PORT),
                Path.of(value(DATA_DIR)).toAbsolutePath().normalize(),
                dbUrl.isEmpty() ? null : dbUrl,
                value(DB_USER),
                password.isEmpty() ? null : password,
                value(DB_POOL_SIZE),
                value(DB_EMBEDDED_PORT),
                StorageSettingsReader.read(this::value),
                value(MAX_UPLOAD_MB),
                value(LOG_FORMAT),
                value(SHUTDOWN_TIMEOUT),
                value(JOB_WORKERS),
                value(VALIDATION_MIN_ACCURACY),
                value(SERVING_MODEL_BUDGET_MB),
                value(SERVING_CACHE_SIZE),
                value(SERVING_CACHE_TTL),
                value(SERVING_RECORD_QUEUE),
                value(SERVING_RECORD_RATE),
                value(SERVING_WINDOW_ENTITIES),
                value(BODY_TIMEOUT),
                value(STORAGE_ORPHAN_SWEEP),
                value(MONITORING_RETENTION_DAYS),
                outbound(),
                edge(),
                auth(),
                rateLimits(),
                new MetricsSettings(value(METRICS_ENABLED), value(METRICS_PUBLIC), Access.valueOf(value(METRICS_ACCESS).toUpperCase(Locale.ROOT)),
                        Duration.ofSeconds(value(METRICS_REFRESH))),
                drift(),
                new RetrainingSettings(value(RETRAINING_ENABLED), Duration.ofSeconds(value(RETRAINING_CHECK)),
                        value(RETRAINING_MAX_FEEDBACK_ROWS)),
                alertChannels(),
                new ExperimentSettings(Duration.ofSeconds(value(EXPERIMENTS_EVALUATE)), value(EXPERIMENTS_SHADOW_QUEUE)),
                alerts(),
                new AssetSettings(value(ASSETS_THRESHOLD), value(ASSETS_RETENTION), value(ASSETS_MIN_TRAINING), value(ASSETS_EVENTS),
                        Duration.ofSeconds(value(ASSETS_EVENT_GAP)), Duration.ofHours(value(ASSETS_HISTORY)), value(ASSETS_MAX_POINTS)),
                eventLog(Path.of(value(DATA_DIR)).toAbsolutePath().normalize()),
                DataProtectionSettings.read(this::value),
                StreamSettingsReader.read(this::value),
                value(TRAINING_SAMPLE_ROWS),
                value(SEARCH_EMBEDDINGS));
    }

    /** The event log's settings; its directory is {@code <dataDir>/events} unless set. */
    private EventLogSettings eventLog(Path dataDir) {
        String dir = value(EVENT_LOG_DIR).strip();
        return new EventLogSettings(value(EVENT_LOG_ENABLED), dir.isEmpty() ? dataDir.resolve("events") : Path.of(dir).toAbsolutePath().normalize(),
                (long) value(EVENT_LOG_MAX_FILE_MB) << 20, value(EVENT_LOG_RETAIN_FILES), value(EVENT_LOG_COMPRESS),
                EventLogSettings.Fsync.valueOf(value(EVENT_LOG_FSYNC).toUpperCase(Locale.ROOT)));
    }

    private OutboundSettings outbound() {
        return new OutboundSettings(value(OUTBOUND_ALLOW), Duration.ofSeconds(value(OUTBOUND_CONNECT_TIMEOUT)),
                Duration.ofSeconds(value(OUTBOUND_TIMEOUT)), value(OUTBOUND_MAX_REDIRECTS), value(OUTBOUND_MAX_RESPONSE_KB) * 1024L);
    }

    private EdgeConfig edge() {
        int maxHeaderBytes = value(MAX_HEADER_BYTES);
        int maxUriLength = value(MAX_URI_LENGTH);
        if (maxUriLength > maxHeaderBytes) {
            throw new ConfigException("setting '" + MAX_URI_LENGTH.key() + "' (" + MAX_URI_LENGTH.env() + ") is " + maxUriLength
                    + ", more than '" + MAX_HEADER_BYTES.key() + "' (" + MAX_HEADER_BYTES.env() + ", " + maxHeaderBytes
                    + "), which holds the request line with the URI: raise that one too");
        }
        TlsConfig tls = TlsFiles.load(new TlsFiles.Values(value(TLS_KEYSTORE), value(TLS_KEYSTORE_PASSWORD), value(TLS_CERT),
                value(TLS_KEY), value(TLS_KEY_PASSWORD), value(TLS_PLAIN_HTTP_PORT).orElse(null), value(PORT)));
        return new EdgeConfig(tls, value(ALLOWED_HOSTS), value(ALLOWED_ORIGINS), value(CORS_ORIGINS), maxHeaderBytes, maxUriLength,
                value(MAX_QUERY_PARAMETERS), value(MAX_UPLOAD_PARTS), grpc(tls));
    }

    /** The gRPC server's settings; its port must differ from the HTTP ones (0, a free port, never clashes). */
    private io.vigil.server.grpc.GrpcSettings grpc(TlsConfig tls) {
        int port = value(GRPC_PORT);
        boolean enabled = value(GRPC_ENABLED);
        if (enabled && port != 0 && (port == value(PORT) || (tls != null && tls.plainHttpPort() != null && port == tls.plainHttpPort()))) {
            throw new ConfigException("setting '" + GRPC_PORT.key() + "' (" + GRPC_PORT.env() + ") is " + port
                    + ", a port the HTTP server listens on: give gRPC a port of its own");
        }
        return new io.vigil.server.grpc.GrpcSettings(enabled, port);
    }

    private AuthSettings auth() {
        String keyFile = value(JWT_KEY_FILE);
        String issuer = value(JWT_ISSUER);
        if (issuer.isBlank()) {
            throw new ConfigException("setting 'auth.issuer' (VIGIL_JWT_ISSUER) must not be empty");
        }
        return new AuthSettings(emptyToNull(value(ADMIN_PASSWORD)), emptyToNull(value(JWT_SECRET)),
                keyFile.isEmpty() ? null : Path.of(keyFile).toAbsolutePath(), issuer,
                Duration.ofSeconds(value(TOKEN_TTL)), Duration.ofSeconds(value(REFRESH_TTL)), Duration.ofSeconds(value(AUTH_CACHE)),
                value(LOGIN_MAX_FAILURES), Duration.ofSeconds(value(LOGIN_LOCKOUT)));
    }

    private RateLimitSettings rateLimits() {
        if (!value(RATE_LIMITS)) {
            return RateLimitSettings.off();
        }
        Map<RouteGroup, RateLimitSettings.Limits> limits = new java.util.EnumMap<>(RouteGroup.class);
        limits.put(RouteGroup.LOGIN, new RateLimitSettings.Limits(0, value(RATE_LOGIN_PER_ADDRESS)));
        limits.put(RouteGroup.UPLOADS, new RateLimitSettings.Limits(value(RATE_UPLOADS_PER_IDENTITY), value(RATE_UPLOADS_PER_ADDRESS)));
        limits.put(RouteGroup.PREDICTIONS, new RateLimitSettings.Limits(value(RATE_PREDICTIONS_PER_IDENTITY),
                value(RATE_PREDICTIONS_PER_ADDRESS)));
        limits.put(RouteGroup.OTHER, new RateLimitSettings.Limits(value(RATE_OTHER_PER_IDENTITY), value(RATE_OTHER_PER_ADDRESS)));
        return new RateLimitSettings(true, limits);
    }

    /** A rate limit: {@code rateLimits.<group>.<side>PerMinute}, {@code VIGIL_RATE_<GROUP>_<SIDE>}; 0 turns it off. */
    private static Setting<Integer> perMinute(String key, String env, int defaultValue) {
        return Setting.integer("rateLimits." + key + "PerMinute", "VIGIL_RATE_" + env, defaultValue, 0, 100_000_000);
    }

    private static Setting<String> driftMethod(String key, String env) {
        List<String> methods = new java.util.ArrayList<>(List.of(DriftSettings.AUTO));
        methods.addAll(DriftMethod.names());
        return Setting.oneOf(key, env, DriftSettings.AUTO, methods);
    }

    private static Setting<java.util.Optional<Double>> driftThreshold(String key, String env) {
        return new Setting<>(key, env, "", "empty for the method's own threshold, or a number", s -> {
            if (s.isEmpty()) {
                return java.util.Optional.empty();
            }
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? java.util.Optional.of(v) : null;
        });
    }

    /** The drift defaults, checked as a model's own settings are: a method that cannot judge the inputs, a threshold off its scale. */
    private DriftConfig drift() {
        DriftSettings defaults = new DriftSettings(value(DRIFT_NUMERIC_METHOD), value(DRIFT_NUMERIC_THRESHOLD).orElse(null),
                value(DRIFT_CATEGORICAL_METHOD), value(DRIFT_CATEGORICAL_THRESHOLD).orElse(null), DriftSettings.AUTO, null,
                value(DRIFT_SHARE), value(DRIFT_MIN_ROWS), Map.of());
        Map<String, String> problems = defaults.problems();
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException("setting drift." + first.getKey() + " " + first.getValue());
        }
        return new DriftConfig(defaults, value(DRIFT_MAX_ROWS));
    }

    /** The alert channels' settings; an SMTP host needs a sender address Jakarta Mail can read. */
    private ChannelSettings alertChannels() {
        String host = value(SMTP_HOST);
        String from = value(SMTP_FROM);
        if (!host.isEmpty() && !from.matches("[^\\s@<>\",]+@[^\\s@<>\",]+")) {
            throw new ConfigException("setting 'alerts.smtp.from' (VIGIL_ALERTS_SMTP_FROM) must be the sender's address, such as"
                    + " vigil@soc.example, when alerts.smtp.host is set");
        }
        if (value(SMTP_USERNAME).isEmpty() != value(SMTP_PASSWORD).isEmpty()) {
            throw new ConfigException("settings 'alerts.smtp.username' and 'alerts.smtp.password' (VIGIL_ALERTS_SMTP_USERNAME,"
                    + " VIGIL_ALERTS_SMTP_PASSWORD) go together: set both, or neither");
        }
        SmtpSettings smtp = new SmtpSettings(host, value(SMTP_PORT), value(SMTP_USERNAME), value(SMTP_PASSWORD), from, value(SMTP_STARTTLS));
        DeliveryPolicy delivery = new DeliveryPolicy(value(DELIVERY_MAX_ATTEMPTS), Duration.ofSeconds(value(DELIVERY_BACKOFF)),
                value(DELIVERY_THREADS), value(DELIVERY_BREAKER_CALLS), Duration.ofSeconds(value(DELIVERY_BREAKER_OPEN)),
                value(DELIVERY_KEEP_DAYS));
        return new ChannelSettings(smtp, delivery, value(ALERTS_PUBLIC_URL));
    }

    /** Health and alerts: the spans read as the API reads them, thresholds in order, each rule checked as the API checks one. */
    private AlertsConfig alerts() {
        HealthThresholds health = new HealthThresholds(span(HEALTH_WINDOW), span(HEALTH_ACCURACY_WINDOW), value(HEALTH_ERROR_RATE_DEGRADED),
                value(HEALTH_ERROR_RATE_FAILING), value(HEALTH_LATENCY_DEGRADED), value(HEALTH_LATENCY_FAILING), value(HEALTH_DRIFT_DEGRADED),
                value(HEALTH_DRIFT_FAILING), value(HEALTH_ACCURACY_DEGRADED), value(HEALTH_ACCURACY_FAILING), value(HEALTH_MIN_PREDICTIONS),
                value(HEALTH_MIN_FEEDBACK));
        inOrder(HEALTH_ERROR_RATE_DEGRADED, HEALTH_ERROR_RATE_FAILING);
        inOrder(HEALTH_LATENCY_DEGRADED, HEALTH_LATENCY_FAILING);
        inOrder(HEALTH_DRIFT_DEGRADED, HEALTH_DRIFT_FAILING);
        inOrder(HEALTH_ACCURACY_DEGRADED, HEALTH_ACCURACY_FAILING);
        java.util.List<AlertRule> rules;
        try {
            rules = AlertRules.parseConfig(value(ALERTS_RULES));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting '" + ALERTS_RULES.key() + "' (" + ALERTS_RULES.env() + "): " + e.getMessage());
        }
        return new AlertsConfig(value(ALERTS_ENABLED), Duration.ofSeconds(value(ALERTS_EVALUATE_EVERY)),
                Duration.ofSeconds(value(ALERTS_DRIFT_EVERY)), span(ALERTS_DRIFT_WINDOW), rules, health);
    }

    /** A span such as {@code 15m} or {@code 24h}, as the metrics windows take it. */
    private String span(Setting<String> setting) {
        String text = value(setting).strip();
        try {
            io.vigil.server.monitoring.health.ModelHealth.lengthOf(text);
            return text;
        } catch (io.vigil.server.core.VigilException e) {
            throw new ConfigException("setting '" + setting.key() + "' (" + setting.env() + "): '" + text
                    + "' is not valid; expected a span such as 15m, 1h, 24h or 7d (from 1m to 30d)");
        }
    }

    /** A degraded threshold must not pass its failing one. */
    private <T extends Comparable<T>> void inOrder(Setting<T> degraded, Setting<T> failing) {
        if (value(degraded).compareTo(value(failing)) > 0) {
            throw new ConfigException("setting '" + degraded.key() + "' (" + degraded.env() + ") is " + value(degraded) + ", more than '"
                    + failing.key() + "' (" + failing.env() + ", " + value(failing) + "): health would fail before it degrades");
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private <T> T value(Setting<T> setting) {
        String fromEnv = env.get(setting.env());
        if (fromEnv != null) {
            return setting.parse(fromEnv, "environment variable " + setting.env());
        }
        String fromYaml = yamlValues.get(setting.key());
        if (fromYaml != null) {
            return setting.parse(fromYaml, yamlSource);
        }
        return setting.parse(setting.defaultValue(), "built-in default");
    }

    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException("configuration file " + file + " must be a mapping of settings");
            }
            flatten("", root, flat);
        }
        Set<String> known = java.util.stream.Stream.of(ALL, StorageSettingsReader.ALL, StreamSettingsReader.ALL, DataProtectionSettings.ALL)
                .flatMap(List::stream).map(Setting::key).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(flat.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigException("configuration file " + file + " has unknown setting(s) " + unknown
                    + "; known settings are " + new TreeSet<>(known));
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, out);
            } else if (v.isNull()) {
                out.put(key, "");
            } else if (v.isArray() && java.util.stream.StreamSupport.stream(v.spliterator(), false).anyMatch(JsonNode::isContainerNode)) {
                out.put(key, v.toString()); // a sequence of mappings (alerts.rules): kept whole, as JSON
            } else if (v.isArray()) { // a list setting written as a YAML sequence
                List<String> items = new java.util.ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                out.put(key, String.join(",", items));
            } else {
                out.put(key, v.asText());
            }
        }
    }
}
