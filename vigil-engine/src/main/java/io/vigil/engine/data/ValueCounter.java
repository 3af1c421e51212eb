package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.ObjLongConsumer;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Counts how often each value occurs: exactly while there are at most {@code exactCap} distinct
 * values, then with a DataSketches frequent-items sketch (Misra-Gries; estimates within about
 * 3.5·n/1024). Values longer than {@link #MAX_VALUE_CHARS} are kept truncated, so memory stays
 * bounded whatever the cell sizes.
 */
final class ValueCounter {

    static final int MAX_VALUE_CHARS = 200;
    private static final int SKETCH_MAP_SIZE = 1024;

    private final int exactCap;
    private long[] keys;
    private long[] counts;
    private String[] values;
    private int size;
    private ItemsSketch<String> sketch;
    private long[] droppedKeys;
    private long[] droppedCounts;
    private String[] droppedValues;

    ValueCounter(int exactCap) {
        this.exactCap = exactCap;
        int capacity = 16; // grows by doubling: wide tables of mostly constant columns stay small
        keys = new long[capacity];
        counts = new long[capacity];
        values = new String[capacity];
    }

    /**
     * @param hash {@link Hashing#hash} of {@code value} (already computed by the caller)
     * @return true when this value made the counter switch to estimates; the exact counts from
     *         before it stay readable through {@link #forEachDropped} until {@link #releaseDropped}
     */
    boolean add(String value, long hash) {
        if (sketch != null) {
            sketch.update(display(value));
            return false;
        }
        long key = hash == 0 ? 1 : hash; // 0 marks an empty slot
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != 0) {
            if (keys[i] == key) {
                counts[i]++;
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size >= exactCap) {
            switchToSketch();
            sketch.update(display(value));
            return true;
        }
        keys[i] = key;
        counts[i] = 1;
        values[i] = display(value);
        if (++size > keys.length * 3 / 4) {
            grow();
        }
        return false;
    }

    /** Every value with its exact count; only while {@link #isExact()}. */
    void forEachExact(ObjLongConsumer<String> action) {
        forEach(keys, counts, values, action);
    }

    /** The exact counts as they were when the counter switched to estimates. */
    void forEachDropped(ObjLongConsumer<String> action) {
        forEach(droppedKeys, droppedCounts, droppedValues, action);
    }

    /** The hash keys of the exact counts dropped when switching to estimates. */
    void forEachDroppedKey(LongConsumer action) {
        if (droppedKeys == null) {
            throw new IllegalStateException("no exact counts available");
        }
        for (long key : droppedKeys) {
            if (key != 0) {
                action.accept(key);
            }
        }
    }

    /** Distinct values counted exactly; only meaningful while {@link #isExact()}. */
    int size() {
        return size;
    }

    void releaseDropped() {
        droppedKeys = null;
        droppedCounts = null;
        droppedValues = null;
    }

    private static void forEach(long[] keys, long[] counts, String[] values, ObjLongConsumer<String> action) {
        if (keys == null) {
            throw new IllegalStateException("no exact counts available");
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(values[i], counts[i]);
            }
        }
    }

    boolean isExact() {
        return sketch == null;
    }

    /**
     * The {@code limit} most frequent values, most frequent first (ties by value), with fractions
     * of {@code total}. Once {@link #isExact()} is false, counts are estimates and only values
     * certainly more frequent than the sketch's error are listed (possibly none).
     */
    List<ValueCount> top(int limit, long total) {
        List<ValueCount> result = new ArrayList<>();
        if (sketch == null) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    result.add(new ValueCount(values[i], counts[i], fraction(counts[i], total)));
                }
            }
        } else {
            // Only values the sketch knows to be more frequent than its error: on a near-unique
            // column every kept value's estimate is about the error itself, and listing those
            // would show arbitrary values as "top" (none of them is).
            for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
                long estimate = Math.min(row.getEstimate(), total);
                result.add(new ValueCount(row.getItem(), estimate, fraction(estimate, total)));
            }
        }
        result.sort(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value));
        return List.copyOf(result.subList(0, Math.min(limit, result.size())));
    }

    private void switchToSketch() {
        sketch = new ItemsSketch<>(SKETCH_MAP_SIZE);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                sketch.update(values[i], counts[i]);
            }
        }
        droppedKeys = keys;
        droppedCounts = counts;
        droppedValues = values;
        keys = null;
        counts = null;
        values = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        String[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        counts = new long[keys.length];
        values = new String[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = (int) oldKeys[j] & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static String display(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "…";
    }

    private static double fraction(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }
}
