package io.vigil.server.testing;

/** Time per call of a piece of code in a tight loop, after a warm-up: for the cost tests that print what they measure. */
public final class Timing {
    private Timing() {}

    /** Nanoseconds per call of {@code r} over {@code n} calls, after {@code warm} calls the JIT may compile. */
    public static double perCall(Runnable r, int warm, int n) {
        for (int i = 0; i < warm; i++) {
            r.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / (double) n;
    }
}
