package io.vigil.server.assets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** {@code asset_metrics} (V19): points by asset, metric and time, partitioned by day. */
public final class AssetMetricsRepository {
    private final Jdbi jdbi;

    public AssetMetricsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores {@code points} of one asset; a point already stored (same metric and time) takes the
     * new value. Answers how many rows were written.
     */
    public int insert(String assetId, List<MetricPoint> points) {
        // one row per (metric, time), the last one sent winning: one statement may not update a row twice
        Map<String, MetricPoint> unique = new LinkedHashMap<>();
        for (MetricPoint p : points) unique.put(p.metric() + '\u0000' + p.at().toEpochMilli() + '.' + p.at().getNano(), p);
        int n = unique.size();
        String[] metrics = new String[n];
        Instant[] ats = new Instant[n];
        double[] values = new double[n];
        int i = 0;
        for (MetricPoint p : unique.values()) {
            metrics[i] = p.metric();
            ats[i] = p.at();
            values[i++] = p.value();
        }
        return jdbi.withHandle(h -> h.createUpdate("""
                        insert into asset_metrics (asset_id, metric, at, value)
                        select :asset, m, timestamptz 'epoch' + t * interval '1 microsecond', v
                        from unnest(:metrics, :micros, :values) as u(m, t, v)
                        on conflict (asset_id, metric, at) do update set value = excluded.value""")
                .bind("asset", assetId)
                .bindArray("metrics", String.class, (Object[]) metrics)
                .bindArray("micros", Long.class, (Object[]) micros(ats))
                .bindArray("values", Double.class, (Object[]) boxed(values))
                .execute());
    }

    /** The points of an asset at or after {@code since} and before {@code until}, by metric then time; at most {@code limit}. */
    public List<MetricPoint> points(String assetId, String metric, Instant since, Instant until, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select metric, at, value from asset_metrics where asset_id = :asset"
                        + " and at >= :since and at < :until" + (metric != null ? " and metric = :metric" : "")
                        + " order by metric, at limit :limit")
                .bind("asset", assetId).bind("since", since).bind("until", until).bind("limit", limit)
                .bindMap(metric == null ? java.util.Map.of() : java.util.Map.of("metric", metric))
                .map((rs, ctx) -> new MetricPoint(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getDouble(3)))
                .list());
    }

    /** Each metric's summary over the same range, by metric name. */
    public Map<String, MetricSummary> summaries(String assetId, String metric, Instant since, Instant until) {
        Map<String, MetricSummary> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        select metric, count(*), avg(value), stddev_samp(value), min(value), max(value),
                               percentile_cont(array[0.05, 0.25, 0.5, 0.75, 0.95]) within group (order by value)
                        from asset_metrics where asset_id = :asset and at >= :since and at < :until"""
                        + (metric != null ? " and metric = :metric" : "") + " group by metric order by metric")
                .bind("asset", assetId).bind("since", since).bind("until", until)
                .bindMap(metric == null ? java.util.Map.of() : java.util.Map.of("metric", metric))
                .map((rs, ctx) -> {
                    Double[] q = (Double[]) rs.getArray(7).getArray();
                    double std = rs.getDouble(4);
                    return Map.entry(rs.getString(1), new MetricSummary(rs.getLong(2), rs.getDouble(3), rs.wasNull() ? null : std,
                            rs.getDouble(5), rs.getDouble(6), q[0], q[1], q[2], q[3], q[4]));
                })
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** The metric names an asset has sent at or after {@code since}. */
    public List<String> metricNames(String assetId, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("select distinct metric from asset_metrics where asset_id = :asset and at >= :since"
                        + " order by metric")
                .bind("asset", assetId).bind("since", since).mapTo(String.class).list());
    }

    /** How many points an asset has at or after {@code since}, per metric. */
    public Map<String, Long> counts(String assetId, Instant since) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("select metric, count(*) from asset_metrics where asset_id = :asset and at >= :since"
                        + " group by metric order by metric")
                .bind("asset", assetId).bind("since", since)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Microseconds since 1970: PostgreSQL's precision, exact in a bigint. */
    private static Long[] micros(Instant[] ats) {
        Long[] out = new Long[ats.length];
        for (int i = 0; i < ats.length; i++) out[i] = Math.addExact(Math.multiplyExact(ats[i].getEpochSecond(), 1_000_000L), ats[i].getNano() / 1000);
        return out;
    }

    private static Double[] boxed(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    /** Deletes the points before {@code before} that no day partition holds (sent for days before the partitions); answers how many. */
    public int deleteUnpartitionedBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from asset_metrics_default where at < :before").bind("before", before).execute());
    }

    /** Every asset's points at or after {@code since} (at most {@code limit}, the latest), by asset, in time order. */
    public Map<String, List<MetricPoint>> pointsSince(Instant since, int limit) {
        Map<String, List<MetricPoint>> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("select asset_id, metric, at, value from (select * from asset_metrics where at >= :since"
                        + " order by at desc limit :limit) latest order by at")
                .bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new MetricPoint(rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getDouble(4))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        return out;
    }

    /** The time of the metric's latest point before {@code before}, or null. */
    public Instant latestBefore(String assetId, String metric, Instant before) {
        return jdbi.withHandle(h -> h.createQuery("select max(at) from asset_metrics where asset_id = :asset and metric = :metric"
                        + " and at < :before")
                .bind("asset", assetId).bind("metric", metric).bind("before", before)
                .map((rs, ctx) -> {
                    java.time.OffsetDateTime t = rs.getObject(1, java.time.OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                }).one());
    }

    /** The latest {@code limit} points of one metric in [since, before), in time order. */
    public List<MetricPoint> latestPoints(String assetId, String metric, Instant since, Instant before, int limit) {
        List<MetricPoint> latest = jdbi.withHandle(h -> h.createQuery("select metric, at, value from asset_metrics where asset_id = :asset"
                        + " and metric = :metric and at >= :since and at < :before order by at desc limit :limit")
                .bind("asset", assetId).bind("metric", metric).bind("since", since).bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> new MetricPoint(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getDouble(3)))
                .list());
        java.util.Collections.reverse(latest);
        return latest;
    }
}
