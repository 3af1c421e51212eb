package io.vigil.server.config;

import io.vigil.server.auth.AuthSettings;
import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.monitoring.MonitoringConfig;
import io.vigil.server.monitoring.MonitoringSettings;
import io.vigil.server.monitoring.metrics.MetricsSettings;
import io.vigil.server.monitoring.alerts.AlertsConfig;
import io.vigil.server.monitoring.drift.DriftConfig;
import io.vigil.server.assets.AssetSettings;
import io.vigil.server.eventlog.EventLogSettings;
import io.vigil.server.monitoring.retraining.RetrainingSettings;
import io.vigil.server.monitoring.alerts.channels.ChannelSettings;
import io.vigil.server.monitoring.experiments.ExperimentSettings;
import io.vigil.server.outbound.OutboundSettings;
import io.vigil.server.storage.StorageSettings;
import java.nio.file.Path;

/**
 * Everything Vigil is configured with, immutable and validated once at start by
 * {@link ConfigLoader}: built-in defaults &lt; {@code vigil.yaml} &lt; {@code VIGIL_*} environment.
 *
 * @param host         address the HTTP server binds to
 * @param port         HTTP port; 0 picks a free one
 * @param dataDir      where the embedded database, blobs and temporary uploads live
 * @param dbUrl        JDBC URL of an external PostgreSQL; {@code null} starts the embedded one
 * @param storage      the blob store: its driver ({@code storage.driver}), presigned URLs' lifetime, the S3 or Azure settings
 * @param maxUploadMb  largest accepted dataset upload, in MiB
 * @param jobWorkers   training/batch jobs this instance runs at once
 * @param validationMinAccuracy the accuracy gate of {@code validate} when a request names no thresholds
 * @param servingModelBudgetMb   loaded model versions kept in memory, MiB of bundle size (LRU beyond)
 * @param servingCacheSize       prediction cache entries; 0 turns the cache off
 * @param servingCacheTtlSeconds how long a cached prediction stays
 * @param servingRecordQueue     predictions waiting to be written for monitoring; 0 records none
 * @param servingRecordRate      predictions per second the log takes at most; past it, it samples
 * @param servingWindowEntities  entities whose window features' state each model version keeps (LRU beyond)
 * @param bodyTimeoutSeconds     how long a request body may pause before it is answered 408
 * @param storageOrphanSweepSeconds how often the blob store is swept of what interrupted writes left
 * @param monitoringRetentionDays how long recorded predictions, feedback and per-minute figures are kept (a model may set its own)
 * @param outbound     the outbound client's allowlist, timeouts, redirects and answer cap ({@code outbound.*})
 * @param edge         TLS, the host names and origins the server answers, the sizes of a request's head
 * @param auth         identity: the first admin's password, token keys and lifetimes, caches, login throttling
 * @param rateLimits   requests per minute per caller and per client address, for each group of routes
 * @param metrics      whether meters are kept and {@code GET /metrics} answers, and who may read it ({@code metrics.*})
 * @param drift        drift's defaults under each model's own settings, and the predictions read per window ({@code drift.*})
 * @param assets       the per-asset anomaly service ({@code assets.*})
 * @param eventLog     the JSON-lines event log: directory, rotation, compression, retention, fsync ({@code eventLog.*})
 * @param searchEmbeddings whether security events' texts are embedded for search by meaning ({@code search.embeddings})
 * @param streams      Kafka stream scoring's start-time streams and brokers ({@code streams}, {@code kafka.bootstrapServers}):
 *                     the default of the runtime section {@code streams}
 * @param retraining   whether and how often this instance evaluates retraining policies ({@code retraining.*})
 * @param alertChannels the SMTP server of email channels, deliveries' retries and circuit breakers, the public URL ({@code alerts.*})
 * @param experiments  how often experiments are evaluated, and the shadow's queue ({@code experiments.*})
 * @param alerts       health thresholds, alert rules of the configuration, how often rules and drift are evaluated ({@code alerts.*}, {@code health.*})
 */
public record VigilConfig(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        int dbEmbeddedPort,
        StorageSettings storage,
        long maxUploadMb,
        String logFormat,
        int shutdownTimeoutSeconds,
        int jobWorkers,
        double validationMinAccuracy,
        int servingModelBudgetMb,
        int servingCacheSize,
        int servingCacheTtlSeconds,
        int servingRecordQueue,
        int servingRecordRate,
        int servingWindowEntities,
        int bodyTimeoutSeconds,
        int storageOrphanSweepSeconds,
        int monitoringRetentionDays,
        OutboundSettings outbound,
        EdgeConfig edge,
        AuthSettings auth,
        RateLimitSettings rateLimits,
        MetricsSettings metrics,
        DriftConfig drift,
        RetrainingSettings retraining,
        ChannelSettings alertChannels,
        ExperimentSettings experiments,
        AlertsConfig alerts,
        AssetSettings assets,
        EventLogSettings eventLog,
        DataProtection dataProtection,
        io.vigil.server.streams.StreamSettings streams,
        int trainingSampleRows,
        boolean searchEmbeddings) {

    public long maxUploadBytes() {
        return maxUploadMb * 1024 * 1024;
    }

    /** The blob store's driver: {@code local}, {@code s3} or {@code azure}. */
    public String storageDriver() {
        return storage.driver();
    }

    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    /** This instance's working files (request bodies, multipart parts, jobs' CSVs): swept after a crash. */
    public Path scratchDir() {
        return dataDir.resolve("tmp");
    }

    public Path uploadTempDir() {
        return scratchDir().resolve("uploads");
    }

    public Path embeddedDbDir() {
        return dataDir.resolve("postgres");
    }

    /** The same configuration with another value for one field; handy in tests. */
    /** What monitoring takes of it. */
    public MonitoringConfig monitoring() {
        return new MonitoringConfig(new MonitoringSettings(monitoringRetentionDays), drift, alertChannels, outbound, alerts, experiments,
                retraining);
    }

    public VigilConfig withPort(int newPort) {
        return new VigilConfig(host, newPort, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, dbEmbeddedPort,
                storage, maxUploadMb, logFormat, shutdownTimeoutSeconds, jobWorkers, validationMinAccuracy,
                servingModelBudgetMb, servingCacheSize, servingCacheTtlSeconds, servingRecordQueue, servingRecordRate,
                servingWindowEntities, bodyTimeoutSeconds, storageOrphanSweepSeconds, monitoringRetentionDays, outbound, edge, auth, rateLimits, metrics, drift, retraining, alertChannels, experiments, alerts, assets, eventLog, dataProtection, streams, trainingSampleRows, searchEmbeddings);
    }

    /** The same with another data directory; an event log in the old one's {@code events} moves with it. */
    public VigilConfig withDataDir(Path newDataDir) {
        EventLogSettings movedLog = eventLog.dir().equals(dataDir.resolve("events")) ? eventLog.withDir(newDataDir.resolve("events")) : eventLog;
        return new VigilConfig(host, port, newDataDir, dbUrl, dbUser, dbPassword, dbPoolSize, dbEmbeddedPort,
                storage, maxUploadMb, logFormat, shutdownTimeoutSeconds, jobWorkers, validationMinAccuracy,
                servingModelBudgetMb, servingCacheSize, servingCacheTtlSeconds, servingRecordQueue, servingRecordRate,
                servingWindowEntities, bodyTimeoutSeconds, storageOrphanSweepSeconds, monitoringRetentionDays, outbound, edge, auth, rateLimits, metrics, drift, retraining, alertChannels, experiments, alerts, assets, movedLog, dataProtection, streams, trainingSampleRows, searchEmbeddings);
    }

    public VigilConfig withDatabase(String url, String user, String password) {
        return new VigilConfig(host, port, dataDir, url, user, password, dbPoolSize, dbEmbeddedPort,
                storage, maxUploadMb, logFormat, shutdownTimeoutSeconds, jobWorkers, validationMinAccuracy,
                servingModelBudgetMb, servingCacheSize, servingCacheTtlSeconds, servingRecordQueue, servingRecordRate,
                servingWindowEntities, bodyTimeoutSeconds, storageOrphanSweepSeconds, monitoringRetentionDays, outbound, edge, auth, rateLimits, metrics, drift, retraining, alertChannels, experiments, alerts, assets, eventLog, dataProtection, streams, trainingSampleRows, searchEmbeddings);
    }

    public VigilConfig withMaxUploadMb(long mb) {
        return new VigilConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, dbEmbeddedPort,
                storage, mb, logFormat, shutdownTimeoutSeconds, jobWorkers, validationMinAccuracy,
                servingModelBudgetMb, servingCacheSize, servingCacheTtlSeconds, servingRecordQueue, servingRecordRate,
                servingWindowEntities, bodyTimeoutSeconds, storageOrphanSweepSeconds, monitoringRetentionDays, outbound, edge, auth, rateLimits, metrics, drift, retraining, alertChannels, experiments, alerts, assets, eventLog, dataProtection, streams, trainingSampleRows, searchEmbeddings);
    }

    public VigilConfig withDataProtection(DataProtection protection) {
        return new VigilConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, dbEmbeddedPort,
                storage, maxUploadMb, logFormat, shutdownTimeoutSeconds, jobWorkers, validationMinAccuracy,
                servingModelBudgetMb, servingCacheSize, servingCacheTtlSeconds, servingRecordQueue, servingRecordRate,
                servingWindowEntities, bodyTimeoutSeconds, storageOrphanSweepSeconds, monitoringRetentionDays, outbound, edge, auth, rateLimits, metrics, drift, retraining, alertChannels, experiments, alerts, assets, eventLog, protection, streams, trainingSampleRows, searchEmbeddings);
    }

    /** The configuration as a user may see it: the password is masked. */
    @Override
    public String toString() {
        return "VigilConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir
                + ", db=" + (dbUrl == null ? "embedded" : dbUrl) + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword == null ? "none" : "****") + ", dbPoolSize=" + dbPoolSize
                + ", storage=" + storage + ", maxUploadMb=" + maxUploadMb + ", logFormat=" + logFormat + ", jobWorkers=" + jobWorkers
                + ", validationMinAccuracy=" + validationMinAccuracy + ", monitoringRetentionDays=" + monitoringRetentionDays + ", outboundAllow=" + outbound.allow() + ", tls=" + (edge.tls() == null ? "off" : edge.tls().source())
                + ", auth=" + auth + ", rateLimits=" + rateLimits + ", metrics=" + metrics + ", smtp=" + alertChannels.smtp()
                + ", encryption=" + dataProtection.encryption().map(Object::toString).orElse("off") + ", privacy=" + dataProtection.privacy() + "]";
    }
}
