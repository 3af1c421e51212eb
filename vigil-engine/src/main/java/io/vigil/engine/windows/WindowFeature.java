package io.vigil.engine.windows;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One feature of a {@link WindowSpec}, as JSON writes it. Which fields apply depends on the
 * {@link WindowKind}:
 * <ul>
 * <li>{@code mean, std, min, max, sum}: {@code column}, and {@code window} (a duration, {@code "5m"})
 *     or {@code events} (the last N events of the entity, the event itself included);</li>
 * <li>{@code count}: {@code window}; with a {@code column}, the events whose value is present;</li>
 * <li>{@code rate}: {@code window} or {@code events}; events per second, or with a {@code column}
 *     the column's sum per second;</li>
 * <li>{@code lag}, {@code diff}: {@code column} and {@code lag} (k events back; diff is the value
 *     minus that one);</li>
 * <li>{@code hour}, {@code weekday}: {@code encoding} {@code cyclic} (sin and cos, the default) or {@code plain};</li>
 * <li>{@code residual}: {@code column}, {@code season} ({@code hour}, the default; {@code weekday};
 *     {@code weekhour}) and {@code minSamples} (10 by default): events a baseline needs.</li>
 * </ul>
 * {@code name} replaces the derived column name (for sin/cos pairs, it is their prefix).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowFeature(String kind, String column, String window, Integer events, Integer lag, String season, String encoding,
                            Integer minSamples, String name) {

    /** Names as written, without the spaces around them. */
    public WindowFeature {
        column = column == null ? null : column.strip();
        name = name == null ? null : name.strip();
    }

    /** A statistic of {@code column} (null for count and rate of events) over a time window such as {@code "5m"}. */
    public static WindowFeature over(WindowKind kind, String column, String window) {
        return new WindowFeature(kind.wire(), column, window, null, null, null, null, null, null);
    }

    /** A statistic of {@code column} (null for rate of events) over the entity's last {@code events} events. */
    public static WindowFeature lastEvents(WindowKind kind, String column, int events) {
        return new WindowFeature(kind.wire(), column, null, events, null, null, null, null, null);
    }

    /** The value of {@code column} {@code k} events back. */
    public static WindowFeature lag(String column, int k) {
        return new WindowFeature(WindowKind.LAG.wire(), column, null, null, k, null, null, null, null);
    }

    /** The value of {@code column} minus its value {@code k} events back. */
    public static WindowFeature diff(String column, int k) {
        return new WindowFeature(WindowKind.DIFF.wire(), column, null, null, k, null, null, null, null);
    }

    /** Hour of day or day of week ({@code kind} HOUR or WEEKDAY), cyclic or plain. */
    public static WindowFeature calendar(WindowKind kind, boolean cyclic) {
        return new WindowFeature(kind.wire(), null, null, null, null, null, cyclic ? "cyclic" : "plain", null, null);
    }

    /** {@code column}'s distance from its seasonal baseline ({@code season}: hour, weekday or weekhour). */
    public static WindowFeature residual(String column, String season, int minSamples) {
        return new WindowFeature(WindowKind.RESIDUAL.wire(), column, null, null, null, season, null, minSamples, null);
    }

    /** The same feature with its columns named {@code value}. */
    public WindowFeature named(String value) {
        return new WindowFeature(kind, column, window, events, lag, season, encoding, minSamples, value);
    }

    WindowKind resolvedKind() {
        return WindowKind.of(kind);
    }

    /** Whether it is cyclic (sin and cos) rather than plain: for hour and weekday. */
    boolean cyclic() {
        return encoding == null || encoding.strip().equalsIgnoreCase("cyclic");
    }

    Season resolvedSeason() {
        return season == null ? Season.HOUR : Season.of(season);
    }

    int minSamplesOrDefault() {
        return minSamples == null ? 10 : minSamples;
    }
}
