package io.vigil.engine.datasets.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One NAB data file and its labelled anomaly windows.
 *
 * @param name       the path relative to {@code data/}, such as {@code realKnownCause/nyc_taxi.csv}
 * @param timestamps one per row, in file order (a few files repeat a timestamp)
 * @param values     one per row
 * @param windows    the labelled windows, in time order, as {@code [start, end]} timestamps (both
 *                   inclusive)
 */
public record NabSeries(String name, LocalDateTime[] timestamps, double[] values, List<LocalDateTime[]> windows) {

    public int size() {
        return values.length;
    }

    /** The epoch milliseconds of row {@code i}, reading NAB's timestamps as UTC. */
    public long epochMillis(int i) {
        return timestamps[i].toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }
}
