package io.vigil.bench;

import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.engine.windows.WindowFeatures;

/**
 * By hand: the heap one online window state takes, for {@link WindowsBenchmark}'s spec and stream
 * (10,000 entities, a million events), measured as the used heap after full collections before and
 * after the stream. Run: {@code java -XX:+UseSerialGC -cp vigil-bench/target/benchmarks.jar io.vigil.bench.WindowsMemory}.
 */
public final class WindowsMemory {
    private WindowsMemory() {
    }

    public static void main(String[] args) {
        measure(false);
        measure(true);
    }

    /** One stream's state, in a frame of its own (a loop's frame may keep the previous state reachable). */
    private static void measure(boolean skewed) {
        {
            WindowsBenchmark.Stream stream = new WindowsBenchmark.Stream(42, skewed);
            WindowFeatures fitted = WindowFeatures.fit(WindowsBenchmark.SPEC, stream.table());
            long before = usedAfterCollections();
            OnlineWindows state = fitted.online(WindowsBenchmark.ENTITIES);
            double[] out = new double[fitted.featureNames().size()];
            for (int i = 0; i < WindowsBenchmark.STREAM; i++) {
                state.update(new WindowEvent(stream.keys[i], stream.times[i], new double[] {stream.bytes[i]}), out);
            }
            long bytes = usedAfterCollections() - before;
            java.lang.ref.Reference.reachabilityFence(stream); // held in both measurements, or the second would miss it
            System.out.printf("%s: %,d entities, %,d KiB, %,d bytes per entity%n", skewed ? "skewed" : "uniform", state.entities(),
                    bytes / 1024, bytes / state.entities());
        }
    }

    private static long usedAfterCollections() {
        for (int i = 0; i < 5; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
