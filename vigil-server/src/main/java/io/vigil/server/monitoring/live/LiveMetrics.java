package io.vigil.server.monitoring.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.feedback.FeedbackRepository;
import io.vigil.server.monitoring.feedback.VersionClasses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * The live metrics of deployed models ({@code GET /ml/models/{id}/metrics}, {@code GET /ml/metrics}):
 * volume, latency percentiles, class and confidence distributions from the per-minute counts, and
 * accuracy, precision, recall, F1 and ROC AUC from feedback ({@link LiveEvaluation}), each as
 * numbers over the window and as a time series, beside the version's validation figures.
 */
public final class LiveMetrics {
    /** Feedback rows evaluated at most per answer: the newest of the window. */
    public static final int MAX_EVALUATED = 200_000;
    /** The window of {@link #accuracy}: what a dashboard's gauge shows. */
    static final Duration GAUGE_WINDOW = Duration.ofHours(24);

    private final PredictionMinutes minutes;
    private final FeedbackRepository feedback;
    private final VersionClasses classes;
    private final ModelRepository models;
    private final MinuteAggregator aggregator;
    private final Clock clock;

    public LiveMetrics(PredictionMinutes minutes, FeedbackRepository feedback, VersionClasses classes, ModelRepository models,
                       MinuteAggregator aggregator, Clock clock) {
        this.minutes = minutes;
        this.feedback = feedback;
        this.classes = classes;
        this.models = models;
        this.aggregator = aggregator;
        this.clock = clock;
    }

    /**
     * One model's metrics over {@code window} ({@link MetricsWindow}); {@code version} null is its
     * deployed version, else its latest. This instance's counts are added first, so they are
     * current; other instances add theirs every minute.
     */
    public ModelMetrics ofModel(UUID modelId, String window, Integer version) {
        MetricsWindow w = MetricsWindow.parse(window, clock.instant());
        RegisteredModel model = models.get(modelId);
        int v = version != null ? version : model.deployedVersion() != null ? model.deployedVersion() : latest(model);
        ModelVersion described = models.getVersion(modelId, v);
        aggregator.flush();
        return measure(model, described, w);
    }

    /** Every deployed model's deployed version over {@code window}. */
    public ModelMetrics.All ofDeployed(String window) {
        MetricsWindow w = MetricsWindow.parse(window, clock.instant());
        aggregator.flush();
        List<ModelMetrics> all = new ArrayList<>();
        for (RegisteredModel m : models.deployed()) {
            all.add(measure(m, models.getVersion(m.id(), m.deployedVersion()), w));
        }
        return new ModelMetrics.All(w.text(), w.from(), w.to(), all);
    }

    /**
     * The live accuracy of the deployed version of {@code modelId} over the last 24 hours of its
     * predictions with feedback; empty when it is not deployed or has no feedback. For the
     * Prometheus gauge {@code vigil_live_accuracy{model}}.
     */
    public OptionalDouble accuracy(UUID modelId) {
        RegisteredModel model = models.withHandle(h -> models.find(h, modelId)).orElse(null);
        if (model == null || model.deployedVersion() == null) {
            return OptionalDouble.empty();
        }
        Instant now = clock.instant();
        FeedbackRepository.Step totals = feedback.totals(modelId, model.deployedVersion(), now.minus(GAUGE_WINDOW), now.plusSeconds(1));
        return totals.feedback() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) totals.correct() / totals.feedback());
    }

    /**
     * The few figures health and alert rules judge a version by over {@code w}, without the rest of
     * {@link #ofModel}: predictions made, their p99 server latency, predictions by class, and the
     * feedback rows with how many were right. This instance's counts are added first.
     */
    public LiveGlance glance(UUID modelId, int version, MetricsWindow w) {
        aggregator.flush();
        long predictions = 0;
        long[] latency = new long[Histograms.LATENCY_BINS];
        for (PredictionMinutes.Minute m : minutes.minutes(modelId, version, w.from(), w.to())) {
            predictions += m.predictions() + m.unrecorded();
            Histograms.add(latency, m.latency());
        }
        double p99 = Histograms.latencyQuantileMillis(latency, 0.99);
        FeedbackRepository.Step totals = feedback.totals(modelId, version, w.from(), w.to());
        return new LiveGlance(predictions, Double.isNaN(p99) ? null : p99, minutes.classes(modelId, version, w.from(), w.to()),
                totals.feedback(), totals.correct());
    }

    private static int latest(RegisteredModel model) {
        if (model.latestVersion() == null) {
            throw VigilException.notFound("model " + model.modelName() + " has no trained version yet: nothing it predicted to measure");
        }
        return model.latestVersion();
    }

    private ModelMetrics measure(RegisteredModel model, ModelVersion version, MetricsWindow w) {
        UUID id = model.id();
        int v = version.version();
        List<PredictionMinutes.Minute> rows = minutes.minutes(id, v, w.from(), w.to());
        long recorded = 0;
        long unrecorded = 0;
        long requests = 0;
        long[] confidence = new long[Histograms.CONFIDENCE_BINS];
        long[] latency = new long[Histograms.LATENCY_BINS];
        Map<Instant, long[]> latencyBySteps = new HashMap<>();
        Map<Instant, Long> predictionsBySteps = new HashMap<>();
        for (PredictionMinutes.Minute m : rows) {
            recorded += m.predictions();
            unrecorded += m.unrecorded();
            requests += m.requests();
            Histograms.add(confidence, m.confidence());
            Histograms.add(latency, m.latency());
            Instant step = w.bucketOf(m.minute());
            Histograms.add(latencyBySteps.computeIfAbsent(step, s -> new long[Histograms.LATENCY_BINS]), m.latency());
            predictionsBySteps.merge(step, m.predictions() + m.unrecorded(), Long::sum);
        }
        long minutesLong = Duration.between(w.from(), w.to()).toMinutes();
        ModelMetrics.Volume volume = new ModelMetrics.Volume(recorded + unrecorded, recorded, unrecorded, requests,
                (double) (recorded + unrecorded) / minutesLong);
        FeedbackRepository.Step totals = feedback.totals(id, v, w.from(), w.to());
        LiveEvaluation.Figures live = totals.feedback() == 0
                ? LiveEvaluation.Figures.none("no feedback on this version's predictions in the window")
                : LiveEvaluation.of(classes.of(id, v).classes(), feedback.labelled(id, v, w.from(), w.to(), MAX_EVALUATED));
        return new ModelMetrics(id, model.modelName(), model.modelType(), v, Integer.valueOf(v).equals(model.deployedVersion()),
                w.text(), w.from(), w.to(), volume, latency(latency), minutes.classes(id, v, w.from(), w.to()), confidence(confidence),
                totals.feedback(), live, validation(version), series(w, predictionsBySteps, latencyBySteps,
                        feedback.steps(id, v, w.from(), w.to(), w.bucket().getSeconds())));
    }

    private static ModelMetrics.Latency latency(long[] bins) {
        long n = 0;
        for (long c : bins) {
            n += c;
        }
        if (n == 0) {
            return new ModelMetrics.Latency(0, null, null, null, "no predictions recorded in the window");
        }
        return new ModelMetrics.Latency(n, Histograms.latencyQuantileMillis(bins, 0.50), Histograms.latencyQuantileMillis(bins, 0.95),
                Histograms.latencyQuantileMillis(bins, 0.99), null);
    }

    private static List<ModelMetrics.ConfidenceBin> confidence(long[] bins) {
        List<ModelMetrics.ConfidenceBin> out = new ArrayList<>(bins.length);
        for (int b = 0; b < bins.length; b++) {
            out.add(new ModelMetrics.ConfidenceBin(b / (double) bins.length, (b + 1) / (double) bins.length, bins[b]));
        }
        return out;
    }

    private static ModelMetrics.Validation validation(ModelVersion v) {
        JsonNode validated = v.validation();
        Map<String, Double> validationMetrics = null;
        Instant at = null;
        if (validated != null && validated.hasNonNull("metrics")) {
            validationMetrics = Json.MAPPER.convertValue(validated.get("metrics"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() {});
            at = validated.hasNonNull("validatedAt") ? Instant.parse(validated.get("validatedAt").asText()) : null;
        }
        return new ModelMetrics.Validation(v.metrics(), validationMetrics, at);
    }

    private static ModelMetrics.Series series(MetricsWindow w, Map<Instant, Long> predictions, Map<Instant, long[]> latency,
                                              List<FeedbackRepository.Step> feedbackSteps) {
        Map<Instant, FeedbackRepository.Step> byStep = new HashMap<>();
        feedbackSteps.forEach(s -> byStep.put(s.at(), s));
        List<ModelMetrics.Point> points = new ArrayList<>();
        for (Instant step = w.bucketOf(w.from()); step.isBefore(w.to()); step = step.plus(w.bucket())) {
            long[] bins = latency.get(step);
            double p99 = bins == null ? Double.NaN : Histograms.latencyQuantileMillis(bins, 0.99);
            FeedbackRepository.Step f = byStep.get(step);
            points.add(new ModelMetrics.Point(step, predictions.getOrDefault(step, 0L), Double.isNaN(p99) ? null : p99,
                    f == null ? 0 : f.feedback(), f == null ? null : (double) f.correct() / f.feedback()));
        }
        return new ModelMetrics.Series(bucketText(w.bucket()), points);
    }

    private static String bucketText(Duration bucket) {
        return bucket.toHours() >= 1 ? bucket.toHours() + "h" : bucket.toMinutes() + "m";
    }
}
