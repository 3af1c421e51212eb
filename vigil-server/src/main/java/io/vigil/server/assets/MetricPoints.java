package io.vigil.server.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.FieldErrors;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads metric points from a request body, in either shape a monitoring agent sends: long, one
 * item per value ({@code {"timestamp", "metricName" | "metric_name" | "metric", "value"}}), or wide,
 * one item per time ({@code {"timestamp", "values" | "metrics": {"cpu": 0.4, "memory": 0.7}}}). A
 * timestamp is ISO-8601 ({@code 2026-12-05T10:00:00Z}, or without a zone: UTC), {@code YYYY-MM-DD
 * HH:MM:SS} (UTC), or a number of seconds (or milliseconds, past 10^11) since 1970. Every bad
 * item is named in the errors by its place ({@code points[3].value}).
 */
public final class MetricPoints {
    /** Metric names: what a Prometheus metric name or a path-like counter name holds. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}");
    /** Asset ids: what a host name, an address or an instance id holds; no slash, as they stand in paths. */
    static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private MetricPoints() {}

    /** Whether {@code name} may be a metric name. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code id} may be an asset id. */
    public static boolean validAssetId(String id) {
        return id != null && ASSET_ID.matcher(id).matches();
    }

    /** Checks an asset id from a path or a body. */
    public static void checkAssetId(String field, String assetId, FieldErrors errors) {
        if (errors.required(field, assetId, "the asset's id is required") && !validAssetId(assetId)) {
            errors.add(field, "an asset id is 1 to 128 letters, digits and . _ : @ -, starting with a letter or digit");
        }
    }

    /**
     * The points of {@code items} (a JSON array), at most {@code max}; errors are added to
     * {@code errors} under {@code field}. Answers the points read (the good ones).
     */
    public static List<MetricPoint> read(JsonNode items, String field, int max, FieldErrors errors) {
        List<MetricPoint> points = new ArrayList<>();
        if (items == null || items.isNull() || items.isMissingNode()) {
            errors.add(field, "a list of points is required");
            return points;
        }
        if (!items.isArray()) {
            errors.add(field, "must be a list of points");
            return points;
        }
        if (items.size() == 0) {
            errors.add(field, "must hold at least one point");
            return points;
        }
        for (int i = 0; i < items.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                errors.add(at, "must be an object");
                continue;
            }
            Instant time = timestamp(item.get("timestamp") != null ? item.get("timestamp") : item.get("at"), at + ".timestamp", errors);
            JsonNode wide = item.has("values") ? item.get("values") : item.get("metrics");
            if (wide != null) {
                readWide(wide, time, at, points, errors);
            } else {
                String metric = text(item, "metricName", "metric_name", "metric");
                if (errors.required(at + ".metricName", metric, "the metric's name is required (metricName)") && !validName(metric)) {
                    errors.add(at + ".metricName", "a metric name is 1 to 128 letters, digits and . _ : / @ -, starting with a letter or digit");
                    metric = null;
                }
                Double value = value(item.get("value"), at + ".value", errors);
                if (time != null && metric != null && value != null) points.add(new MetricPoint(metric, time, value));
            }
            if (points.size() > max) {
                errors.add(field, "at most " + max + " values in one request");
                return points;
            }
        }
        return points;
    }

    private static void readWide(JsonNode wide, Instant time, String at, List<MetricPoint> points, FieldErrors errors) {
        if (!wide.isObject() || wide.size() == 0) {
            errors.add(at + ".values", "must be an object of metric names and values");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = wide.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String where = at + ".values." + e.getKey();
            if (!validName(e.getKey())) {
                errors.add(at + ".values", "a metric name is 1 to 128 letters, digits and . _ : / @ -, starting with a letter or digit");
                continue;
            }
            Double value = value(e.getValue(), where, errors);
            if (time != null && value != null) points.add(new MetricPoint(e.getKey(), time, value));
        }
    }

    private static String text(JsonNode item, String... names) {
        for (String name : names) {
            JsonNode v = item.get(name);
            if (v != null && !v.isNull()) return v.isTextual() ? v.asText() : v.toString();
        }
        return null;
    }

    private static Double value(JsonNode v, String field, FieldErrors errors) {
        if (v == null || v.isNull()) {
            errors.add(field, "a value is required");
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            errors.add(field, "must be a finite number");
            return null;
        }
        return v.asDouble();
    }

    /** A timestamp as described above, or null with an error. */
    public static Instant timestamp(JsonNode v, String field, FieldErrors errors) {
        if (v == null || v.isNull()) {
            errors.add(field, "a timestamp is required");
            return null;
        }
        Instant at = null;
        if (v.isNumber()) {
            double n = v.asDouble();
            if (Double.isFinite(n)) at = Instant.ofEpochMilli((long) (Math.abs(n) >= 1e11 ? n : n * 1000));
        } else if (v.isTextual()) {
            at = parse(v.asText().trim());
        }
        if (at == null) {
            errors.add(field, "must be an ISO-8601 time (2026-12-05T10:00:00Z) or seconds since 1970");
            return null;
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            errors.add(field, "must be between 1970 and 2200");
            return null;
        }
        return at;
    }

    private static Instant parse(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
