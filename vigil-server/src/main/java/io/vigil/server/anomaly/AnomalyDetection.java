package io.vigil.server.anomaly;

import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import io.vigil.server.assets.Asset;
import io.vigil.server.assets.AssetEvents;
import io.vigil.server.assets.AssetSettings;
import io.vigil.server.assets.Assets;
import io.vigil.server.assets.MetricPoint;
import io.vigil.server.core.VigilException;
import io.vigil.server.securityevents.AnomalySighting;
import io.vigil.server.securityevents.SecurityEvent;
import io.vigil.server.securityevents.SecurityEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Scores an asset's points: with the asset's trained detector when it has a deployed one
 * ({@link Detectors}: serving scores them, with the detector's window features), else by
 * the statistical fallback over its own recent history ({@link StatisticalBaseline}). Each point is
 * scored with only what came before it; the scores are stored, the asset's state follows the
 * latest, and anomalies become security events (when {@code assets.autoCreateEvents} is on).
 */
public final class AnomalyDetection {
    private final Assets assets;
    private final AnomalyScoreRepository scores;
    private final SecurityEvents events;
    private final Detectors detectors;
    private final NoveltyStreams novelty;
    private final Clock clock;

    public AnomalyDetection(Assets assets, AnomalyScoreRepository scores, SecurityEvents events, Detectors detectors, Clock clock) {
        this.assets = assets;
        this.detectors = detectors;
        this.novelty = new NoveltyStreams(assets.metricsRepository());
        this.scores = scores;
        this.events = events;
        this.clock = clock;
    }

    DetectAnswer detect(DetectRequest r) {
        AssetSettings settings = assets.settings();
        List<AssetEvents.Event> observations;
        if (r.points() != null) {
            if (r.store()) {
                assets.ingest(r.assetId(), r.points());
            }
            observations = AssetEvents.events(r.assetId(), r.points());
        } else {
            assets.get(r.assetId());
            Instant to = clock.instant();
            Instant from = to.minus(Duration.ofSeconds((long) (r.hours() * 3600)));
            List<MetricPoint> stored = assets.metricsRepository().points(r.assetId(), null, from, to.plusSeconds(1), settings.maxPointsPerRequest() + 1);
            if (stored.isEmpty()) {
                throw VigilException.unprocessable("asset '" + r.assetId() + "' has no metrics in the last " + r.hours() + " hours");
            }
            if (stored.size() > settings.maxPointsPerRequest()) {
                throw VigilException.unprocessable("the window holds more than " + settings.maxPointsPerRequest()
                        + " values; ask for fewer hours");
            }
            observations = AssetEvents.events(r.assetId(), stored);
        }
        double threshold = assets.threshold(r.assetId());
        Instant first = observations.get(0).at();
        UUID detector = assets.find(r.assetId()).map(Asset::modelId).orElse(null);
        Optional<Detectors.Verdicts> verdicts = detector == null ? Optional.empty() : detectors.score(detector, observations,
                () -> AssetEvents.events(r.assetId(), assets.metricsRepository().points(r.assetId(), null, first.minus(settings.history()),
                        first, StatisticalBaseline.MAX_HISTORY * 16)));
        String statistic = null;
        List<PointScore> points = new ArrayList<>(observations.size());
        if (verdicts.isPresent()) {
            for (int i = 0; i < observations.size(); i++) {
                Detectors.Verdict v = verdicts.get().verdicts().get(i);
                points.add(new PointScore(observations.get(i).at(), v.score(), v.score() >= threshold, observations.get(i).values(),
                        v.drivers(), null, null));
            }
        } else {
            statistic = r.statistic() == null ? "mad" : r.statistic();
            if (statistic.equals(DetectRequest.NOVELTY)) {
                points.addAll(novelty.score(r.assetId(), observations, threshold));
            } else {
                StatisticalBaseline baseline = new StatisticalBaseline(Method.valueOf(statistic.toUpperCase(Locale.ROOT)), settings.history());
                for (MetricPoint p : assets.metricsRepository().points(r.assetId(), null, first.minus(settings.history()), first,
                        StatisticalBaseline.MAX_HISTORY * 16)) {
                    baseline.remember(p.metric(), p.at(), p.value());
                }
                for (AssetEvents.Event o : observations) {
                    points.add(baseline.score(o, threshold));
                }
            }
        }
        String method = verdicts.isPresent() ? "model" : "statistical";
        UUID modelId = verdicts.map(Detectors.Verdicts::modelId).orElse(null);
        Integer version = verdicts.map(Detectors.Verdicts::version).orElse(null);
        Instant now = clock.instant();
        scores.insert(r.assetId(), points, threshold, method, modelId, version, now);
        PointScore last = points.get(points.size() - 1);
        assets.scored(r.assetId(), last.timestamp(), last.score(), method, last.isAnomaly());
        List<SecurityEvent> touched = List.of();
        if (settings.autoCreateEvents()) {
            List<AnomalySighting> sightings = new ArrayList<>(points.size());
            for (PointScore p : points) {
                if (p.warmingUp() == null) {
                    sightings.add(new AnomalySighting(r.assetId(), p.timestamp(), p.score(), threshold, p.isAnomaly(), method, modelId,
                            version, p.drivers()));
                }
            }
            touched = events.anomalies(r.assetId(), sightings);
        }
        String note = detector != null && verdicts.isEmpty()
                ? "the asset's detector " + detector + " has no deployed version yet: scored by the statistical fallback" : null;
        int anomalies = (int) points.stream().filter(PointScore::isAnomaly).count();
        return new DetectAnswer(r.assetId(), method, statistic, modelId, version,
                threshold, points.size(), anomalies, points, touched, note);
    }

    /** An asset's stored scores of the last {@code hours}. */
    List<AnomalyScoreRepository.StoredScore> history(String assetId, double hours, boolean anomaliesOnly, int limit) {
        assets.get(assetId);
        Instant since = clock.instant().minus(Duration.ofSeconds((long) (hours * 3600)));
        return scores.since(assetId, since, anomaliesOnly, limit);
    }
}
