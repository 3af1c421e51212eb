package io.vigil.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How values of the API's JSON read in a terminal. */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Formats() {}

    /** A text, number or boolean field of {@code node}; null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        if (value.isNumber()) return number(value);
        if (value.isValueNode()) return value.asText();
        return value.toString();
    }

    /** Integers as they are, other numbers with at most 4 decimals, huge or tiny ones in E notation. */
    public static String number(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        if (!value.isNumber()) return value.asText();
        if (value.isIntegralNumber()) return value.asText();
        return number(value.doubleValue());
    }

    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return String.valueOf(value);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return String.valueOf((long) value);
        double magnitude = Math.abs(value);
        if (magnitude >= 1e9 || magnitude < 1e-4) return String.format(Locale.ROOT, "%.3e", value);
        return new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** A fraction 0..1 as a percentage: 0.5 → "50.0%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** An ISO-8601 instant as "2026-11-23 19:47:28Z"; anything else as it is. */
    public static String time(String iso) {
        if (iso == null) return null;
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException notAnInstant) {
            return iso;
        }
    }

    /** Bytes in binary units: "512 B", "1.5 KiB", "18.2 MiB". */
    public static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Milliseconds as "850ms", "12.3s", "4m 05s", "2h 03m". */
    public static String duration(long millis) {
        if (millis < 1000) return millis + "ms";
        if (millis < 60_000) return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        long seconds = millis / 1000;
        if (seconds < 3600) return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
