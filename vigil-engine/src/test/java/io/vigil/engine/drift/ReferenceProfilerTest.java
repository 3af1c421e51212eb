package io.vigil.engine.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProfilerTest {

    @Test
    void numericSketchesBinByQuantilesAndSampleWithTheSeed() {
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) values[i] = i % 10 == 0 ? Double.NaN : i < 5_000 ? 0.1 : i;
        NumericSketch s = NumericSketch.of(values, 20, 1_000, 9);
        assertThat(s.missing()).isEqualTo(1_000);
        assertThat(s.count()).isEqualTo(9_000);
        assertThat(s.edges()[0]).isEqualTo(0.1f); // half the values are 0.1: one bin holds them all
        assertThat(s.counts()[0]).isEqualTo(4_500);
        assertThat(s.edges()).isSorted().doesNotHaveDuplicates();
        assertThat(s.edges().length).isLessThan(19);
        assertThat(s.sampleSize()).isEqualTo(1_000);
        assertThat(s.sample()).isSorted();
        assertThat(NumericSketch.of(values, 20, 1_000, 9)).isEqualTo(s);
        assertThat(s.distinct()).isEqualTo(1 + 4_500);
        assertThat(s.min()).isEqualTo(0.1f);
        assertThat(s.max()).isEqualTo(9_999f);
        // the live log keeps floats: 0.1 read back from a real column lands in the reference's bin, with no difference
        assertThat(s.bin(0.1f)).isZero();
        long[] live = new long[s.counts().length];
        for (double v : values) if (!Double.isNaN(v)) live[s.bin((float) v)]++;
        assertThat(Distances.jensenShannon(s.counts(), live)).isZero();
    }

    @Test
    void categorySketchesKeepTheMostFrequentAndCountTheRest() {
        CategorySketch s = CategorySketch.of(Map.of("tcp", 50L, "udp", 30L, "icmp", 15L, "gre", 5L), 7, 2);
        assertThat(s.categories()).containsExactly("tcp", "udp");
        assertThat(s.counts()).containsExactly(50, 30);
        assertThat(s.other()).isEqualTo(20);
        assertThat(s.otherCategories()).isEqualTo(2);
        assertThat(s.missing()).isEqualTo(7);
        assertThat(s.count()).isEqualTo(100);
    }

    @Test
    void aClassifiersProfileHoldsItsInputsAndItsPredictedClasses() {
        Table train = Synthetic.table(2_000, 5, false);
        TrainedModel gbm = Training.of(train, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("label").withDrop("id"))
                .params(Map.of("rounds", 10)).seed(5).threads(2).run();
        ReferenceProfile p = ReferenceProfiler.profile(gbm, train, 5);
        assertThat(p.inputs()).extracting(InputProfile::name).containsExactly("x1", "x2", "proto");
        assertThat(p.input("x1").numeric().missing()).isPositive();
        assertThat(p.input("proto").categorical().categories()).containsExactlyInAnyOrder("tcp", "udp", "icmp");
        assertThat(p.prediction().kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(p.prediction().categorical().categories()).containsExactlyInAnyOrder("attack", "normal");
        assertThat(p.prediction().count()).isEqualTo(2_000);
        assertThat(ReferenceProfile.fromJson(p.toJson())).isEqualTo(p);
        p.checkMatches(gbm.pipeline().inputs());
        // and the training rows compared with themselves have not drifted
        DriftReport same = DriftDetector.detect(p, DriftSettings.DEFAULTS, LiveWindow.scored(gbm, train));
        assertThat(same.driftedInputs()).isZero();
        assertThat(same.inputs()).allSatisfy(i -> assertThat(i.psi()).isLessThan(1e-9));
    }

    @Test
    void aDetectorsProfileHoldsItsAnomalyScores() {
        Table train = Synthetic.table(1_000, 6, false);
        TrainedModel forest = Training.of(train, Algorithms.trainer("isolation_forest")).pipeline(PipelineSpec.forDetectors(null).withDrop("id", "label"))
                .params(Map.of("trees", 20)).seed(6).threads(2).run();
        ReferenceProfile p = ReferenceProfiler.profile(forest, train, 6);
        assertThat(p.prediction().kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(p.prediction().numeric().count()).isEqualTo(1_000);
        assertThat(p.prediction().numeric().min()).isBetween(0f, 1f);
        DriftReport same = DriftDetector.detect(p, DriftSettings.DEFAULTS, LiveWindow.scored(forest, train));
        assertThat(same.prediction().method()).isEqualTo(DriftMethod.KS);
        assertThat(same.prediction().statistic()).isZero();
        assertThat(Arrays.stream(p.prediction().numeric().sample()).allMatch(v -> v >= 0 && v <= 1)).isTrue();
    }
}
