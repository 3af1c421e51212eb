package io.vigil.engine.windows;

/**
 * The rows of an event table in time order, events at the same time in row order (a stable merge
 * sort on primitives: no boxing for a million rows), or grouped by entity and in time order within
 * each; rows without a time are left out.
 */
final class EventOrder {
    private EventOrder() {
    }

    static int[] byTime(double[] times) {
        int n = 0;
        for (double t : times) if (!Double.isNaN(t)) n++;
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < times.length; i++) if (!Double.isNaN(times[i])) rows[k++] = i;
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                merge(rows, buffer, times, lo, lo + width, Math.min(lo + 2 * width, n));
            }
        }
        return rows;
    }

    /**
     * Rows grouped by key (rows without a key first, then each key's in the order keys first come in
     * time), each group in time order, ties in row order: a stable counting sort of the time order.
     */
    static int[] byEntityThenTime(String[] keys, double[] times) {
        int[] inTime = byTime(times);
        java.util.HashMap<String, Integer> ids = new java.util.HashMap<>();
        int[] idOf = new int[inTime.length];
        for (int i = 0; i < inTime.length; i++) {
            String key = keys[inTime[i]];
            idOf[i] = key == null ? 0 : ids.computeIfAbsent(key, k -> ids.size() + 1);
        }
        int[] start = new int[ids.size() + 2];
        for (int id : idOf) start[id + 1]++;
        for (int g = 1; g < start.length; g++) start[g] += start[g - 1];
        int[] out = new int[inTime.length];
        for (int i = 0; i < inTime.length; i++) out[start[idOf[i]]++] = inTime[i];
        return out;
    }

    private static void merge(int[] rows, int[] buffer, double[] times, int lo, int mid, int hi) {
        if (times[rows[mid - 1]] <= times[rows[mid]]) return; // already in order
        System.arraycopy(rows, lo, buffer, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            // the left run first among equals: it holds the earlier rows
            if (j >= hi || (i < mid && times[buffer[i]] <= times[buffer[j]])) rows[k] = buffer[i++];
            else rows[k] = buffer[j++];
        }
    }
}
