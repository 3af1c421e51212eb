package io.vigil.server.monitoring.feedback;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** {@code prediction_feedback}: one row per prediction with its true label; later feedback replaces earlier. */
public final class FeedbackRepository {
    private static final String STORE = "insert into prediction_feedback as f (prediction_id, model_id, version, predicted_at,"
            + " predicted_label, actual_label, confidence, probabilities, anomaly_score, received_at, sent_by, experiment_id, arm)"
            + " select u.id, u.model, u.version, u.at, u.predicted, u.actual, u.confidence, cast(u.probabilities as real[]), u.score,"
            + " :receivedAt, :sentBy, u.experiment, u.arm"
            + " from unnest(cast(:ids as uuid[]), cast(:models as uuid[]), cast(cast(:versions as text[]) as int[]),"
            + " cast(cast(:ats as text[]) as timestamptz[]), cast(:predicted as text[]), cast(:actual as text[]),"
            + " cast(cast(:confidences as text[]) as real[]), cast(:probabilities as text[]), cast(cast(:scores as text[]) as real[]),"
            + " cast(:experiments as uuid[]), cast(:arms as text[]))"
            + " as u(id, model, version, at, predicted, actual, confidence, probabilities, score, experiment, arm)"
            + " on conflict (prediction_id) do update set actual_label = excluded.actual_label, received_at = excluded.received_at,"
            + " sent_by = excluded.sent_by"
            + " returning prediction_id, (xmax <> 0) as replaced"; // xmax is set on a row the statement updated

    /** One prediction's feedback, as stored; {@code experimentId} and {@code arm} when an experiment routed the prediction. */
    record Row(UUID predictionId, UUID modelId, int version, Instant predictedAt, String predictedLabel, String actualLabel,
               float confidence, float[] probabilities, Float anomalyScore, UUID experimentId, String arm) {}

    /**
     * A prediction with its true label, as evaluation reads it.
     *
     * @param probabilities per class, in the version's class order
     */
    public record Labelled(Instant predictedAt, String predicted, String actual, float[] probabilities) {}

    private final Jdbi jdbi;

    public FeedbackRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores {@code rows} (distinct predictions) in one statement; answers those that replaced earlier feedback. */
    Set<UUID> store(List<Row> rows, Instant receivedAt, String sentBy) {
        int n = rows.size();
        Object[] ids = new Object[n];
        Object[] models = new Object[n];
        Object[] versions = new Object[n];
        Object[] ats = new Object[n];
        Object[] predicted = new Object[n];
        Object[] actual = new Object[n];
        Object[] confidences = new Object[n];
        Object[] probabilities = new Object[n];
        Object[] scores = new Object[n];
        Object[] experiments = new Object[n];
        Object[] arms = new Object[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            ids[i] = r.predictionId();
            models[i] = r.modelId();
            versions[i] = Integer.toString(r.version());
            ats[i] = r.predictedAt().toString();
            predicted[i] = r.predictedLabel();
            actual[i] = r.actualLabel();
            confidences[i] = Float.toString(r.confidence());
            probabilities[i] = arrayLiteral(r.probabilities());
            scores[i] = r.anomalyScore() == null ? null : Float.toString(r.anomalyScore());
            experiments[i] = r.experimentId();
            arms[i] = r.arm();
        }
        Set<UUID> replaced = new HashSet<>();
        jdbi.useTransaction(h -> h.createQuery(STORE)
                .bindArray("ids", UUID.class, ids).bindArray("models", UUID.class, models).bindArray("versions", String.class, versions)
                .bindArray("ats", String.class, ats).bindArray("predicted", String.class, predicted)
                .bindArray("actual", String.class, actual).bindArray("confidences", String.class, confidences)
                .bindArray("probabilities", String.class, probabilities).bindArray("scores", String.class, scores)
                .bindArray("experiments", UUID.class, experiments).bindArray("arms", String.class, arms)
                .bind("receivedAt", receivedAt.atOffset(ZoneOffset.UTC)).bind("sentBy", sentBy)
                .map((rs, ctx) -> rs.getBoolean("replaced") ? rs.getObject("prediction_id", UUID.class) : null)
                .forEach(id -> {
                    if (id != null) {
                        replaced.add(id);
                    }
                }));
        return replaced;
    }

    private static String arrayLiteral(float[] values) {
        StringJoiner s = new StringJoiner(",", "{", "}");
        for (float v : values) {
            s.add(Float.toString(v));
        }
        return s.toString();
    }

    /**
     * The feedback on predictions {@code version} of {@code modelId} made from {@code from}
     * (included) to {@code to} (excluded), newest first, at most {@code limit} of them.
     */
    public List<Labelled> labelled(UUID modelId, int version, Instant from, Instant to, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select predicted_at, predicted_label, actual_label, probabilities"
                        + " from prediction_feedback where model_id = :model and version = :version and predicted_at >= :from"
                        + " and predicted_at < :to order by predicted_at desc limit :limit")
                .bind("model", modelId).bind("version", version).bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC)).bind("limit", limit)
                .map((rs, ctx) -> new Labelled(rs.getObject("predicted_at", OffsetDateTime.class).toInstant(),
                        rs.getString("predicted_label"), rs.getString("actual_label"), RecordedPredictions.floats(rs.getArray("probabilities"))))
                .list());
    }

    /** Feedback rows and how many of them the prediction got right, in one step of a time series. */
    public record Step(Instant at, long feedback, long correct) {}

    /**
     * The feedback of the span in steps of {@code stepSeconds} (starting at multiples of it since
     * the epoch, by prediction time), steps without feedback left out.
     */
    public List<Step> steps(UUID modelId, int version, Instant from, Instant to, long stepSeconds) {
        return jdbi.withHandle(h -> h.createQuery("select floor(extract(epoch from predicted_at) / :step)::bigint * :step as step,"
                        + " count(*) as n, count(*) filter (where actual_label = predicted_label) as correct from prediction_feedback"
                        + " where model_id = :model and version = :version and predicted_at >= :from and predicted_at < :to"
                        + " group by 1 order by 1")
                .bind("model", modelId).bind("version", version).bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC)).bind("step", stepSeconds)
                .map((rs, ctx) -> new Step(Instant.ofEpochSecond(rs.getLong("step")), rs.getLong("n"), rs.getLong("correct")))
                .list());
    }

    /** The span's feedback rows (all of them, past any limit of {@link #labelled}) and how many the prediction got right. */
    public Step totals(UUID modelId, int version, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) as n, count(*) filter (where actual_label = predicted_label) as correct"
                        + " from prediction_feedback where model_id = :model and version = :version and predicted_at >= :from"
                        + " and predicted_at < :to")
                .bind("model", modelId).bind("version", version).bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new Step(from, rs.getLong("n"), rs.getLong("correct"))).one());
    }
}
