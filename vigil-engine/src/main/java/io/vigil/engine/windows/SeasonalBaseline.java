package io.vigil.engine.windows;

import java.util.List;
import java.util.Map;

/**
 * The fitted baseline of one {@code residual} feature, as a bundle stores it: for each bucket of
 * its season (hour of day, day of week or hour of week), the median of the column in the training
 * rows and its spread, overall, across all entities, and for the entities with enough history.
 * The spread is the median absolute deviation scaled to a standard deviation (x 1.4826), or the
 * standard deviation when that is 0 (a column mostly one value).
 *
 * @param feature    the column the residual adds
 * @param column     the value column it reads
 * @param season     hour, weekday or weekhour
 * @param minSamples events a bucket needs before its baseline is used
 * @param overall    every training value's, whatever its bucket: the last resort
 * @param buckets    across all entities, per bucket (null where there were no values)
 * @param entities   per entity key, its own buckets with at least {@code minSamples} values and a
 *                   spread above 0 (at most {@value Baselines#MAX_ENTITIES} entities: those with the most events)
 */
public record SeasonalBaseline(String feature, String column, String season, int minSamples, Level overall, List<Level> buckets,
                               Map<String, EntityLevels> entities) {

    /** A center and a spread, from {@code n} values. */
    public record Level(double center, double spread, long n) {
    }

    /** One entity's buckets (parallel arrays, buckets ascending). */
    public record EntityLevels(int[] buckets, double[] center, double[] spread, long[] n) {
    }
}
