package io.vigil.bench.nab;

import io.vigil.engine.anomaly.StreamingDetector;
import io.vigil.engine.datasets.nab.NabSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs a streaming detector over NAB's series: a new detector per series, every point scored before it is learnt. */
final class NabRun {

    private NabRun() {
    }

    /** One score array per series, in corpus order. */
    static List<double[]> scores(List<NabSeries> corpus, Supplier<StreamingDetector> detectors) {
        List<double[]> all = new ArrayList<>(corpus.size());
        for (NabSeries series : corpus) {
            StreamingDetector detector = detectors.get();
            double[] scores = new double[series.size()];
            for (int i = 0; i < scores.length; i++) {
                double s = detector.score(series.epochMillis(i), series.values()[i]);
                if (!(s >= 0 && s <= 1)) {
                    throw new IllegalStateException(series.name() + " row " + i + ": score " + s + " is not in [0, 1]");
                }
                scores[i] = s;
            }
            all.add(scores);
        }
        return all;
    }
}
