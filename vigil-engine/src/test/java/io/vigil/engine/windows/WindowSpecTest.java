package io.vigil.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.ModelJson;
import io.vigil.engine.data.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec read from JSON, checked field by field, with the names of its columns. */
class WindowSpecTest {
    private static final Map<String, ColumnType> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("host", ColumnType.CATEGORICAL);
        COLUMNS.put("ts", ColumnType.TIMESTAMP);
        COLUMNS.put("bytes", ColumnType.INTEGER);
        COLUMNS.put("proto", ColumnType.CATEGORICAL);
        COLUMNS.put("bytes_mean_5m", ColumnType.NUMERIC);
    }

    private static WindowSpec read(String json) throws Exception {
        return ModelJson.MAPPER.readValue(json.replace('\'', '"'), WindowSpec.class);
    }

    private static List<String> problems(String features) throws Exception {
        return read("{'keys': ['host'], 'time': 'ts', 'features': [" + features + "]}").problems(COLUMNS).stream()
                .map(SpecProblem::toString).toList();
    }

    @Test
    void aSpecReadsFromJsonAndNamesItsColumns() throws Exception {
        WindowSpec spec = read("{'keys': [' host '], 'time': 'ts', 'timeZone': 'Europe/Paris', 'features': ["
                + "{'kind': 'mean', 'column': 'bytes', 'window': '300s'}, {'kind': 'COUNT', 'window': '1h'},"
                + "{'kind': 'max', 'column': 'bytes', 'events': 50}, {'kind': 'rate', 'window': '90s'},"
                + "{'kind': 'lag', 'column': 'bytes', 'lag': 1}, {'kind': 'diff', 'column': 'bytes', 'lag': 2},"
                + "{'kind': 'hour'}, {'kind': 'weekday', 'encoding': 'plain'},"
                + "{'kind': 'residual', 'column': 'bytes', 'season': 'weekhour'}, {'kind': 'sum', 'column': 'bytes', 'window': '1500ms', 'name': 'burst'}]}");
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.problems(Map.of("host", ColumnType.TEXT, "ts", ColumnType.INTEGER, "bytes", ColumnType.NUMERIC))).isEmpty();
        assertThat(spec.outputNames()).containsExactly("bytes_mean_5m", "count_1h", "bytes_max_last50", "rate_90s", "bytes_lag_1",
                "bytes_diff_2", "hour_sin", "hour_cos", "weekday", "bytes_residual_weekhour", "burst");
        assertThat(spec.keys()).containsExactly("host");
        assertThat(spec.rawColumns()).containsExactly("host", "ts", "bytes");
        assertThat(spec.notInputs()).containsExactly("host", "ts");
        // written back as read (nulls left out), so a bundle's manifest shows what was asked
        assertThat(read(ModelJson.MAPPER.writeValueAsString(spec))).isEqualTo(spec);
        assertThat(ModelJson.MAPPER.writeValueAsString(spec)).doesNotContain("null");
    }

    @Test
    void theSpecsOwnFieldsAreNamedWhenWrong() throws Exception {
        assertThat(read("{}").problems()).extracting(SpecProblem::field).containsExactly("keys", "time", "features");
        WindowSpec bad = read("{'keys': ['host', 'host', ' '], 'time': 'host', 'timeZone': 'Mars/Olympus', 'maxEventsPerEntity': 0,"
                + " 'features': [{'kind': 'hour'}]}");
        assertThat(bad.problems()).extracting(SpecProblem::toString).containsExactly(
                "keys[1]: 'host' is listed twice", "keys[2]: is blank", "time: 'host' is also a key column",
                "timeZone: 'Mars/Olympus' is not a time zone (UTC, Europe/Paris, +02:00 ...)",
                "maxEventsPerEntity: must be 1 to 100000, got 0");
        assertThatThrownBy(() -> bad.checked(null)).isInstanceOf(InvalidWindowSpecException.class)
                .hasMessageContaining("keys[1]: 'host' is listed twice").hasMessageContaining("maxEventsPerEntity");
    }

    @Test
    void columnsAreCheckedAgainstTheData() throws Exception {
        WindowSpec spec = read("{'keys': ['hots'], 'time': 'proto', 'features': [{'kind': 'mean', 'column': 'proto', 'window': '5m'},"
                + " {'kind': 'max', 'column': 'byts', 'window': '5m'}, {'kind': 'sum', 'column': 'ts', 'window': '5m'}," // a timestamp column is numbers: fine
                + " {'kind': 'min', 'column': 'hots', 'window': '5m'}]}");
        assertThat(spec.problems(COLUMNS)).extracting(SpecProblem::toString).containsExactly(
                "keys[0]: no column 'hots' in the data (columns: [host, ts, bytes, proto, bytes_mean_5m])",
                "time: column 'proto' holds CATEGORICAL values; the time must be a timestamp or epoch seconds",
                "features[0].column: 'proto' is the time column",
                "features[1].column: no column 'byts' in the data (columns: [host, ts, bytes, proto, bytes_mean_5m])",
                "features[3].column: 'hots' is a key column");
    }

    @Test
    void eachFeaturesFieldsAreCheckedForItsKind() throws Exception {
        assertThat(problems("{'kind': 'avg', 'column': 'bytes'}")).containsExactly(
                "features[0].kind: 'avg' is not a kind (mean, std, min, max, sum, count, rate, lag, diff, hour, weekday, residual)");
        assertThat(problems("{'column': 'bytes'}")).containsExactly(
                "features[0].kind: is required (mean, std, min, max, sum, count, rate, lag, diff, hour, weekday, residual)");
        assertThat(problems("{'kind': 'mean', 'window': '5m'}")).containsExactly("features[0].column: is required: mean reads a value column");
        assertThat(problems("{'kind': 'mean', 'column': 'proto', 'window': '5m'}")).containsExactly(
                "features[0].column: column 'proto' holds CATEGORICAL values; mean needs numbers");
        assertThat(problems("{'kind': 'std', 'column': 'bytes'}")).containsExactly(
                "features[0].window: give window (a duration such as \"5m\") or events (the last N events)");
        assertThat(problems("{'kind': 'std', 'column': 'bytes', 'window': '5m', 'events': 3}")).containsExactly(
                "features[0].window: give window or events, not both");
        assertThat(problems("{'kind': 'std', 'column': 'bytes', 'window': '5 minutes'}")).containsExactly(
                "features[0].window: '5 minutes' is not a duration: write 30s, 5m, 1h, 7d (or ISO-8601, PT5M)");
        assertThat(problems("{'kind': 'std', 'column': 'bytes', 'window': '0s'}")).containsExactly(
                "features[0].window: '0s' is not a duration: write 30s, 5m, 1h, 7d (or ISO-8601, PT5M)");
        assertThat(problems("{'kind': 'std', 'column': 'bytes', 'window': '400d'}")).containsExactly("features[0].window: at most 366d, got 400d");
        assertThat(problems("{'kind': 'std', 'column': 'bytes', 'window': '999999999999w'}")).containsExactly(
                "features[0].window: at most 366d, got 999999999999w"); // no overflow into a short window
        assertThat(problems("{'kind': 'min', 'column': 'bytes', 'events': 0}")).containsExactly("features[0].events: must be at least 1, got 0");
        assertThat(problems("{'kind': 'min', 'column': 'bytes', 'events': 5000}")).containsExactly(
                "features[0].events: at most maxEventsPerEntity (4096), got 5000");
        assertThat(problems("{'kind': 'count', 'events': 10}")).containsExactly(
                "features[0].events: a count over the last N events is N once there are N: count over a window (a duration)");
        assertThat(problems("{'kind': 'lag', 'column': 'bytes'}")).containsExactly(
                "features[0].lag: is required: how many events back (1 is the previous event)");
        assertThat(problems("{'kind': 'diff', 'column': 'bytes', 'lag': 0, 'window': '5m'}")).containsExactly(
                "features[0].window: diff takes no window", "features[0].lag: must be at least 1, got 0");
        assertThat(problems("{'kind': 'mean', 'column': 'bytes', 'window': '5m', 'lag': 1, 'season': 'hour', 'encoding': 'plain', 'minSamples': 3}"))
                .containsExactly("features[0].lag: mean takes no lag", "features[0].season: only residual takes a season",
                        "features[0].minSamples: only residual takes minSamples", "features[0].encoding: only hour and weekday take an encoding");
        assertThat(problems("{'kind': 'hour', 'column': 'bytes', 'encoding': 'sine'}")).containsExactly(
                "features[0].column: hour reads only the event's time; leave column out",
                "features[0].encoding: 'sine' is not an encoding: cyclic (sin and cos) or plain");
        assertThat(problems("{'kind': 'residual', 'column': 'bytes', 'season': 'month', 'minSamples': 1}")).containsExactly(
                "features[0].season: 'month' is not a season: hour, weekday or weekhour", "features[0].minSamples: must be 2 to 100000, got 1");
    }

    @Test
    void derivedNamesMayNotCollide() throws Exception {
        assertThat(problems("{'kind': 'mean', 'column': 'bytes', 'window': '5m'}")).containsExactly(
                "features[0]: 'bytes_mean_5m' is already a column of the data; give the feature another name");
        assertThat(problems("{'kind': 'max', 'column': 'bytes', 'window': '1h'}, {'kind': 'max', 'column': 'bytes', 'window': '60m'}"))
                .containsExactly("features[1]: 'bytes_max_1h' is also the column of features[0]; give one of them a name");
        assertThat(problems("{'kind': 'hour', 'name': 'hod'}, {'kind': 'hour', 'encoding': 'plain', 'name': 'hod_sin'}")).containsExactly(
                "features[1].name: 'hod_sin' is also the column of features[0]; give one of them a name");
        assertThat(problems("{'kind': 'max', 'column': 'bytes', 'window': '1h', 'name': ' '}")).containsExactly("features[0].name: is blank");
    }

    @Test
    void durationsReadInTheirUnitsAndNameInTheLargest() {
        assertThat(Durations.seconds("5m")).isEqualTo(300);
        assertThat(Durations.seconds("PT1H30M")).isEqualTo(5400);
        assertThat(Durations.seconds("1500ms")).isEqualTo(1.5);
        assertThat(Durations.seconds("2w")).isEqualTo(1_209_600);
        assertThat(Durations.seconds("5")).isNaN();
        assertThat(Durations.seconds("-5m")).isNaN();
        assertThat(Durations.text(300)).isEqualTo("5m");
        assertThat(Durations.text(5400)).isEqualTo("90m");
        assertThat(Durations.text(86_400)).isEqualTo("1d");
        assertThat(Durations.text(1.5)).isEqualTo("1500ms");
    }
}
