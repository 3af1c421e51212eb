package io.vigil.engine.windows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the seasonal baselines of a spec's residual features on training events: per bucket of the
 * season, the median and the spread of the column, overall, across all entities, and per entity
 * (for the {@value Baselines#MAX_ENTITIES} entities with the most events, in the buckets where they
 * have {@code minSamples} values and a spread above 0). Medians, not means: a training set with a
 * few attacks in it should not move what "usual" is.
 */
final class BaselineFitter {
    /** The median absolute deviation of a normal distribution times this is its standard deviation. */
    static final double MAD_TO_SD = 1.4826;

    private BaselineFitter() {
    }

    /**
     * @param keys   each row's entity key (null: none)
     * @param times  each row's time (NaN: none)
     * @param values the value columns of the plan, each row's values
     */
    static List<SeasonalBaseline> fit(WindowPlan plan, String[] keys, double[] times, double[][] values) {
        List<SeasonalBaseline> out = new ArrayList<>();
        for (WindowFeature f : plan.residualFeatures) {
            int column = plan.valueColumns.indexOf(f.column().strip());
            out.add(fitOne(plan, f, keys, times, values[column]));
        }
        return out;
    }

    private static SeasonalBaseline fitOne(WindowPlan plan, WindowFeature f, String[] keys, double[] times, double[] values) {
        Season season = f.resolvedSeason();
        int minSamples = f.minSamplesOrDefault();
        List<Values> global = new ArrayList<>();
        for (int b = 0; b < season.buckets; b++) global.add(new Values());
        Values overall = new Values();
        Map<String, Values[]> perEntity = new HashMap<>();
        Map<String, Integer> eventsOf = new HashMap<>();
        for (int r = 0; r < values.length; r++) {
            double v = values[r];
            if (Double.isNaN(v) || Double.isNaN(times[r])) continue;
            int bucket = season.bucket(plan.local(times[r]));
            overall.add(v);
            global.get(bucket).add(v);
            if (keys[r] == null) continue;
            perEntity.computeIfAbsent(keys[r], k -> new Values[season.buckets]);
            Values[] own = perEntity.get(keys[r]);
            if (own[bucket] == null) own[bucket] = new Values();
            own[bucket].add(v);
            eventsOf.merge(keys[r], 1, Integer::sum);
        }
        List<SeasonalBaseline.Level> buckets = new ArrayList<>();
        for (Values v : global) buckets.add(v.size == 0 ? null : v.level());
        List<String> kept = eventsOf.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Baselines.MAX_ENTITIES).map(Map.Entry::getKey).sorted(Comparator.naturalOrder()).toList();
        Map<String, SeasonalBaseline.EntityLevels> entities = new LinkedHashMap<>();
        for (String key : kept) {
            SeasonalBaseline.EntityLevels own = entityLevels(perEntity.get(key), minSamples);
            if (own != null) entities.put(key, own);
        }
        SeasonalBaseline.Level all = overall.size == 0 ? new SeasonalBaseline.Level(0, 1, 0) : overall.level();
        return new SeasonalBaseline(FeatureNames.of(f).get(0), f.column().strip(), season.wire(), minSamples, all, buckets, entities);
    }

    private static SeasonalBaseline.EntityLevels entityLevels(Values[] own, int minSamples) {
        List<Integer> buckets = new ArrayList<>();
        List<SeasonalBaseline.Level> levels = new ArrayList<>();
        for (int b = 0; b < own.length; b++) {
            if (own[b] == null || own[b].size < minSamples) continue;
            SeasonalBaseline.Level level = own[b].level();
            if (level.spread() > 0) {
                buckets.add(b);
                levels.add(level);
            }
        }
        if (buckets.isEmpty()) return null;
        int n = buckets.size();
        int[] b = new int[n];
        double[] center = new double[n];
        double[] spread = new double[n];
        long[] count = new long[n];
        for (int i = 0; i < n; i++) {
            b[i] = buckets.get(i);
            center[i] = levels.get(i).center();
            spread[i] = levels.get(i).spread();
            count[i] = levels.get(i).n();
        }
        return new SeasonalBaseline.EntityLevels(b, center, spread, count);
    }

    /** A growing list of doubles; its level is its median and spread. */
    static final class Values {
        private double[] data = new double[8];
        private int size;

        void add(double v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        SeasonalBaseline.Level level() {
            double[] sorted = Arrays.copyOf(data, size);
            Arrays.sort(sorted);
            double median = median(sorted);
            double[] deviations = new double[size];
            double sum = 0;
            for (int i = 0; i < size; i++) {
                deviations[i] = Math.abs(sorted[i] - median);
                sum += sorted[i];
            }
            Arrays.sort(deviations);
            double spread = MAD_TO_SD * median(deviations);
            if (spread == 0 && size > 1) {
                double mean = sum / size;
                double sq = 0;
                for (int i = 0; i < size; i++) sq += (sorted[i] - mean) * (sorted[i] - mean);
                spread = Math.sqrt(sq / (size - 1));
            }
            return new SeasonalBaseline.Level(median, spread, size);
        }

        private static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
