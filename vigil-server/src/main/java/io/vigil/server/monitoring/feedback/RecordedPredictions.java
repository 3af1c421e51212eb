package io.vigil.server.monitoring.feedback;

import io.vigil.server.core.Uuids;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds recorded predictions by id in the prediction log, by V8's rule: the
 * {@code prediction_batches} row with the greatest id at or before the prediction's within its
 * block of ids, if the row is long enough to hold it (prediction k of a row has the row's id plus
 * k); rows written before V7 are in {@code predictions}. An id tells its prediction's time to the
 * millisecond, and the row's {@code at} is within {@link #ID_TIME_SLACK} of it, so each lookup
 * probes one day's partition only.
 */
public final class RecordedPredictions {
    /** How far a row's time may be from the time in its first id: a request thread that read the clock, then stalled. */
    static final Duration ID_TIME_SLACK = Duration.ofHours(1);

    private static final String FIND = "select q.pid, b.model_id, b.version, b.at, b.labels[b.k + 1] as label,"
            + " b.confidences[b.k + 1] as confidence, b.probabilities[b.k * b.classes + 1 : (b.k + 1) * b.classes] as probabilities,"
            + " b.anomaly_scores[b.k + 1] as anomaly_score, b.experiment_id, b.arm"
            + " from unnest(cast(:ids as uuid[]), cast(:starts as uuid[]), cast(cast(:froms as text[]) as timestamptz[]),"
            + " cast(cast(:tos as text[]) as timestamptz[])) as q(pid, lo, t0, t1)"
            + " cross join lateral (select r.model_id, r.version, r.at, r.size, r.labels, r.confidences, r.probabilities, r.anomaly_scores,"
            + " r.experiment_id, r.arm,"
            + " cardinality(r.probabilities) / r.size as classes,"
            + " ('x' || right(q.pid::text, 4))::bit(16)::int - ('x' || right(r.id::text, 4))::bit(16)::int as k"
            + " from prediction_batches r where r.id <= q.pid and r.id >= q.lo and r.at >= q.t0 and r.at < q.t1"
            + " order by r.id desc limit 1) b"
            + " where b.k < b.size"
            + " union all"
            + " select p.id, p.model_id, p.version, p.at, p.label, p.confidence, p.probabilities, p.anomaly_score, null, null"
            + " from predictions p where p.id = any(cast(:ids as uuid[]))";

    /**
     * One recorded prediction.
     *
     * @param probabilities per class, in the version's class order
     * @param anomalyScore  detectors only, else null
     * @param experimentId  the experiment that routed it, and {@code arm} its arm (champion, challenger, shadow); else null
     */
    public record Recorded(UUID id, UUID modelId, int version, Instant at, String label, float confidence, float[] probabilities,
                           Float anomalyScore, UUID experimentId, String arm) {}

    private final Jdbi jdbi;

    public RecordedPredictions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The time in a prediction id (a time-ordered UUID, version 7): its prediction's, to the millisecond. */
    static Instant timeOf(UUID id) {
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }

    /** Whether {@code id} can be a prediction id at all: a time-ordered UUID (version 7, RFC 9562 variant). */
    static boolean isPredictionId(UUID id) {
        return id.version() == 7 && id.variant() == 2;
    }

    /** The recorded predictions among {@code ids} (prediction ids), by id; ids not found are absent. */
    public Map<UUID, Recorded> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        int n = ids.size();
        UUID[] pids = new UUID[n];
        UUID[] starts = new UUID[n];
        String[] froms = new String[n];
        String[] tos = new String[n];
        int i = 0;
        for (UUID id : ids) {
            Instant at = timeOf(id);
            pids[i] = id;
            starts[i] = new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() & ~(long) (Uuids.BLOCK_ROWS - 1));
            froms[i] = at.minus(ID_TIME_SLACK).toString();
            tos[i] = at.plus(Duration.ofSeconds(1)).toString();
            i++;
        }
        Map<UUID, Recorded> found = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(FIND)
                .bindArray("ids", UUID.class, (Object[]) pids).bindArray("starts", UUID.class, (Object[]) starts)
                .bindArray("froms", String.class, (Object[]) froms).bindArray("tos", String.class, (Object[]) tos)
                .map((rs, ctx) -> recorded(rs))
                .forEach(r -> found.putIfAbsent(r.id(), r)));
        return found;
    }

    private static Recorded recorded(ResultSet rs) throws SQLException {
        float score = rs.getFloat("anomaly_score");
        Float anomalyScore = rs.wasNull() ? null : score;
        return new Recorded(rs.getObject(1, UUID.class), rs.getObject("model_id", UUID.class), rs.getInt("version"),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("label"), rs.getFloat("confidence"),
                floats(rs.getArray("probabilities")), anomalyScore, rs.getObject("experiment_id", UUID.class), rs.getString("arm"));
    }

    /** A {@code real[]} as floats, NaN where an element is null; empty for a null array. */
    public static float[] floats(Array array) throws SQLException {
        if (array == null) {
            return new float[0];
        }
        Object[] values = (Object[]) array.getArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? Float.NaN : ((Number) values[i]).floatValue();
        }
        return out;
    }
}
