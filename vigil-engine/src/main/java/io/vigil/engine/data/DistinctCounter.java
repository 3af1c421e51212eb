package io.vigil.engine.data;

import org.apache.datasketches.hll.HllSketch;

/** Distinct values of a column: exact (set of 64-bit hashes) up to a cap, then an HLL estimate. */
final class DistinctCounter {

    /** HLL with 2^12 registers: about 1.6 % relative error, a few KB. */
    private static final int HLL_LG_K = 12;

    private LongHashSet exact;
    private HllSketch sketch;

    DistinctCounter(int exactCap) {
        exact = new LongHashSet(exactCap);
    }

    void add(long hash) {
        if (exact != null) {
            if (exact.add(hash) != LongHashSet.Added.FULL) {
                return;
            }
            sketch = new HllSketch(HLL_LG_K);
            exact.forEach(sketch::update);
            exact = null; // free the set: from here on memory is the sketch's few KB
        }
        sketch.update(hash);
    }

    boolean isExact() {
        return exact != null;
    }

    long count() {
        return exact != null ? exact.size() : Math.round(sketch.getEstimate());
    }
}
