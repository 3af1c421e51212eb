package io.vigil.server.monitoring.live;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The per-minute counts in PostgreSQL: {@code prediction_minutes} and {@code prediction_minute_classes}.
 * Counts are added, never set ({@code on conflict ... do update set n = n + excluded.n}, bin by bin
 * for the histograms), so any number of instances may add to one minute.
 */
public final class PredictionMinutes implements MinuteAggregator.Store {
    private static final String ADD_MINUTE = "insert into prediction_minutes as t (model_id, version, minute, requests, predictions,"
            + " unrecorded, confidence_bins, latency_bins) values (:model, :version, :minute, :requests, :predictions, :unrecorded,"
            + " :confidence, :latency) on conflict (model_id, version, minute) do update set"
            + " requests = t.requests + excluded.requests, predictions = t.predictions + excluded.predictions,"
            + " unrecorded = t.unrecorded + excluded.unrecorded,"
            + " confidence_bins = " + binSum("confidence_bins") + ", latency_bins = " + binSum("latency_bins");
    private static final String ADD_CLASS = "insert into prediction_minute_classes as t (model_id, version, minute, label, predictions)"
            + " values (:model, :version, :minute, :label, :predictions) on conflict (model_id, version, minute, label)"
            + " do update set predictions = t.predictions + excluded.predictions";

    private final Jdbi jdbi;

    public PredictionMinutes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The stored bins plus the new ones, bin by bin (a longer array keeps its extra bins). */
    private static String binSum(String column) {
        return "(select array_agg(coalesce(a, 0) + coalesce(b, 0) order by i) from unnest(t." + column + ", excluded." + column
                + ") with ordinality as u(a, b, i))";
    }

    /** Adds {@code counts} in one transaction, rows in key order (two instances never wait on each other in a cycle). */
    @Override
    public void add(Map<MinuteCounts.Key, MinuteCounts> counts) {
        List<Map.Entry<MinuteCounts.Key, MinuteCounts>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.comparing((MinuteCounts.Key k) -> k.modelId())
                .thenComparingInt(MinuteCounts.Key::version).thenComparing(MinuteCounts.Key::minute)));
        jdbi.useTransaction(h -> {
            h.execute("set local synchronous_commit to off"); // monitoring figures: a crash may lose the last minute's
            PreparedBatch minutes = h.prepareBatch(ADD_MINUTE);
            PreparedBatch classes = h.prepareBatch(ADD_CLASS);
            int classRows = 0;
            for (Map.Entry<MinuteCounts.Key, MinuteCounts> e : rows) {
                MinuteCounts.Key k = e.getKey();
                MinuteCounts c = e.getValue();
                minutes.bind("model", k.modelId()).bind("version", k.version()).bind("minute", utc(k.minute()))
                        .bind("requests", c.requests).bind("predictions", c.predictions).bind("unrecorded", c.unrecorded)
                        .bind("confidence", c.confidence).bind("latency", c.latency).add();
                for (Map.Entry<String, Long> label : new java.util.TreeMap<>(c.classes).entrySet()) {
                    classes.bind("model", k.modelId()).bind("version", k.version()).bind("minute", utc(k.minute()))
                            .bind("label", label.getKey()).bind("predictions", label.getValue()).add();
                    classRows++;
                }
            }
            minutes.execute();
            if (classRows > 0) {
                classes.execute();
            }
        });
    }

    /** One stored minute of a model version. */
    record Minute(Instant minute, long requests, long predictions, long unrecorded, long[] confidence, long[] latency) {}

    /** The minutes of {@code version} of {@code modelId} from {@code from} (included) to {@code to} (excluded), in order. */
    List<Minute> minutes(UUID modelId, int version, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("select minute, requests, predictions, unrecorded, confidence_bins, latency_bins"
                        + " from prediction_minutes where model_id = :model and version = :version and minute >= :from and minute < :to"
                        + " order by minute")
                .bind("model", modelId).bind("version", version).bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new Minute(rs.getObject("minute", OffsetDateTime.class).toInstant(), rs.getLong("requests"),
                        rs.getLong("predictions"), rs.getLong("unrecorded"), longs(rs, "confidence_bins"), longs(rs, "latency_bins")))
                .list());
    }

    /** Predictions by predicted label over the same span, most frequent first. */
    Map<String, Long> classes(UUID modelId, int version, Instant from, Instant to) {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("select label, sum(predictions) as n from prediction_minute_classes where model_id = :model"
                        + " and version = :version and minute >= :from and minute < :to group by label order by n desc, label")
                .bind("model", modelId).bind("version", version).bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> Map.entry(rs.getString("label"), rs.getLong("n")))
                .forEach(e -> byLabel.put(e.getKey(), e.getValue())));
        return byLabel;
    }

    private static long[] longs(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
        }
        return out;
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
