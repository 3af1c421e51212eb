package io.vigil.engine.algorithms;

/**
 * Which rows of a dataset a training holds out for evaluation when the rows are streamed rather than
 * loaded (a training on another engine, such as Spark): each row decides by itself, from a seeded
 * hash of its index in the file, so the server (which samples the held-out rows to evaluate on) and
 * the remote engine (which trains on every other row) make the same split without exchanging it.
 * Unlike the in-process split it is not stratified: each row is held out with the same probability,
 * so the held-out share is {@code fraction} only on average (within a fraction of a percent for
 * thousands of rows).
 */
public final class HoldOut {
    private HoldOut() {
    }

    /**
     * True when the row at {@code rowIndex} (0 for the file's first data row) is held out.
     *
     * @param fraction the share held out, in [0, 1); 0 holds out nothing
     */
    public static boolean heldOut(long rowIndex, long seed, double fraction) {
        if (fraction <= 0) return false;
        // SplitMix64's finaliser: consecutive indices give independent, uniformly spread values
        long z = rowIndex * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }
}
