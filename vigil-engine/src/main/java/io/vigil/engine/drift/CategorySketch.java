package io.vigil.engine.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A categorical input's reference distribution: the most frequent categories with their counts,
 * everything else counted together as "other", and the missing count.
 *
 * @param categories      the kept categories, most frequent first (ties by name)
 * @param counts          reference rows per kept category
 * @param other           reference rows of the categories not kept
 * @param otherCategories how many distinct categories "other" stands for
 * @param missing         reference rows without a value
 */
public record CategorySketch(List<String> categories, long[] counts, long other, int otherCategories, long missing) {

    public CategorySketch {
        categories = categories == null ? null : List.copyOf(categories); // a null category fails here, as the JSON is read
    }

    /** The {@code top} most frequent of {@code counts} (category to rows), the rest as "other". */
    public static CategorySketch of(Map<String, Long> counts, long missing, int top) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int kept = Math.min(top, sorted.size());
        List<String> names = new ArrayList<>(kept);
        long[] keptCounts = new long[kept];
        long other = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < kept) {
                names.add(sorted.get(i).getKey());
                keptCounts[i] = sorted.get(i).getValue();
            } else {
                other += sorted.get(i).getValue();
            }
        }
        return new CategorySketch(names, keptCounts, other, sorted.size() - kept, missing);
    }

    /** Reference rows with a value. */
    public long count() {
        long n = other;
        for (long c : counts) n += c;
        return n;
    }

    /** Refuses a sketch whose parts do not fit together (a damaged or hand-made profile). */
    void check(String what) {
        NumericSketch.require(categories != null && counts != null && counts.length == categories.size(), what
                + " does not have one count per category");
        NumericSketch.require(new HashSet<>(categories).size() == categories.size(), what + " lists a category twice");
        for (long c : counts) NumericSketch.require(c >= 0, what + " has a negative count");
        NumericSketch.require(other >= 0 && otherCategories >= 0 && missing >= 0, what + " has a negative count");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategorySketch s && categories.equals(s.categories) && Arrays.equals(counts, s.counts) && other == s.other
                && otherCategories == s.otherCategories && missing == s.missing;
    }

    @Override
    public int hashCode() {
        return 31 * categories.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CategorySketch[" + categories.size() + " categories, other " + other + ", missing " + missing + "]";
    }
}
