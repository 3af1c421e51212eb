package io.vigil.server.anomaly;

import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.AssetRepository;
import io.vigil.server.assets.AssetSettings;
import io.vigil.server.assets.Assets;
import io.vigil.server.assets.AssetsApi;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.persistence.DayPartitions;
import io.vigil.server.securityevents.SecurityEvents;
import io.vigil.server.serving.Serving;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-asset anomaly service wired: assets and their metrics, detection, and its thread
 * ({@code vigil-assets}): every hour, from a minute after start, the metrics' day partitions are
 * made ahead and the days past {@code assets.retentionDays} dropped, with the anomaly scores of
 * those days. Every instance runs it; the partition changes take turns under an advisory lock.
 */
public final class AssetMonitoring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AssetMonitoring.class);

    /** The route handlers. */
    public record Apis(AssetsApi assets, AnomalyApi anomaly) {}

    private final Assets assets;
    private final AnomalyDetection detection;
    private final AnomalyScoreRepository scores;
    private final DayPartitions partitions;
    private final AssetSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-assets");
        t.setDaemon(true);
        return t;
    });

    private final AnomalyTraining training;

    public AssetMonitoring(Jdbi jdbi, AssetSettings settings, SecurityEvents events, DatasetService datasets, ModelRegistry models,
                           Serving serving, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.assets = new Assets(new AssetMetricsRepository(jdbi), new AssetRepository(jdbi, settings.anomalyThreshold()), settings, clock);
        this.scores = new AnomalyScoreRepository(jdbi);
        this.detection = new AnomalyDetection(assets, scores, events, new ServingDetectors(serving), clock);
        this.partitions = new DayPartitions(jdbi, "asset_metrics");
        this.training = new AnomalyTraining(assets, datasets, models, clock);
    }

    public AssetMonitoring start() {
        thread.scheduleWithFixedDelay(this::maintain, 60, 3600, TimeUnit.SECONDS);
        return this;
    }

    public Apis apis() {
        return new Apis(new AssetsApi(assets), new AnomalyApi(detection, training, settings.maxPointsPerRequest()));
    }

    public Assets assets() {
        return assets;
    }

    /** Partitions ahead, old days dropped; answers the days dropped. */
    public List<java.time.LocalDate> maintain() {
        try {
            Instant now = clock.instant();
            partitions.createAhead(DayPartitions.dayOf(now), 2);
            Instant keepFrom = now.minus(Duration.ofDays(settings.retentionDays()));
            List<java.time.LocalDate> dropped = partitions.dropBefore(keepFrom);
            int unpartitioned = assets.metricsRepository().deleteUnpartitionedBefore(keepFrom);
            int scoresDeleted = scores.deleteBefore(keepFrom);
            if (!dropped.isEmpty() || scoresDeleted > 0 || unpartitioned > 0) {
                log.atInfo().addKeyValue("daysDropped", dropped.size()).addKeyValue("unpartitionedDeleted", unpartitioned).addKeyValue("scoresDeleted", scoresDeleted)
                        .log("asset metrics past their retention removed");
            }
            return dropped;
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("asset metrics maintenance failed; it runs again in an hour");
            return List.of();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
