package io.vigil.bench;

import io.vigil.bench.nab.NabReportRunner;

/**
 * The NAB score of Vigil's streaming detectors: each of NAB's 58 series streamed through a fresh
 * detector (every point scored with only the points before it), scored with NAB's rules for its
 * three profiles. Run by hand (BENCHMARKS.md, "NAB"):
 * {@code java -Dvigil.shared.dir=../shared -cp vigil-bench/target/benchmarks.jar io.vigil.bench.NabReport [detector ...]}
 */
public final class NabReport {

    private NabReport() {
    }

    public static void main(String[] args) {
        NabReportRunner.main(args);
    }
}
