package io.vigil.engine.datasets.nab;

import java.util.List;

/**
 * A detector's NAB score under one profile.
 *
 * @param threshold  the corpus-wide threshold (a point is a detection when its score is at least this)
 * @param raw        the sum of the files' scores at that threshold
 * @param normalized {@code 100 (raw - null) / (perfect - null)}: the figure NAB's scoreboard shows
 * @param series     each file's part
 */
public record NabResult(NabProfile profile, double threshold, double raw, double normalized, List<Series> series) {

    /**
     * @param score          the file's raw score
     * @param detected       its scored windows with at least one detection
     * @param windows        its scored windows (those with a row after the probationary period)
     * @param falsePositives its detections outside every window
     */
    public record Series(String name, double score, int detected, int windows, long falsePositives) {}

    public int detected() {
        return series.stream().mapToInt(Series::detected).sum();
    }

    public int windows() {
        return series.stream().mapToInt(Series::windows).sum();
    }

    public long falsePositives() {
        return series.stream().mapToLong(Series::falsePositives).sum();
    }
}
