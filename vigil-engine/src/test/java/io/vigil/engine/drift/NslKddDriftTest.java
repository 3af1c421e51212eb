package io.vigil.engine.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift on real data, both ways: a model trained on 20,000 rows of KDDTrain+ sees KDDTest+ (attack
 * types training never saw, another mix of services) as drifted, and 20,000 other KDDTrain+ rows
 * (never trained on) as not drifted. With Evidently's defaults 18 of the 41 inputs drift on
 * KDDTest+ (share 0.44, under the default dataset threshold of 0.5); with the share at 0.25 the
 * dataset is flagged, and the held-out rows still are not (no input drifts).
 */
class NslKddDriftTest {
    static TrainedModel model;
    static ReferenceProfile profile;
    static Table heldOut;
    static Table test;

    @BeforeAll
    static void train() {
        Table all = NslKdd.load("KDDTrain+.txt", true);
        Table train = all.select(IntStream.range(0, 20_000).toArray());
        heldOut = all.select(IntStream.range(100_000, 120_000).toArray());
        test = NslKdd.load("KDDTest+.txt", true);
        model = Training.of(train, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees(NslKdd.LABEL).withDrop(NslKdd.DIFFICULTY))
                .params(Map.of("rounds", 20, "max_depth", 4)).seed(7).threads(2).run();
        profile = ReferenceProfiler.profile(model, train, 7);
    }

    static final DriftSettings QUARTER = new DriftSettings(null, null, null, null, null, null, 0.25, null, null).over(DriftSettings.DEFAULTS);

    @Test
    void kddTestPlusIsFlaggedAsDrift() {
        DriftReport report = DriftDetector.detect(profile, DriftSettings.DEFAULTS, LiveWindow.scored(model, test));
        print("KDDTest+", report);
        assertThat(report.driftedInputs()).isGreaterThanOrEqualTo(15);
        assertThat(report.mostDrifted(41)).extracting(InputDrift::name).contains("service", "flag", "serror_rate", "dst_host_rerror_rate");
        assertThat(report.inputs()).filteredOn(i -> i.name().equals("service")).first()
                .satisfies(i -> assertThat(i.psiLevel()).isEqualTo("significant"));
        DriftReport quarter = DriftDetector.detect(profile, QUARTER, LiveWindow.scored(model, test));
        assertThat(quarter.datasetDrift()).isTrue();
        assertThat(quarter.status()).isEqualTo(InputDrift.DRIFT);
    }

    @Test
    void heldOutKddTrainRowsAreNotFlagged() {
        DriftReport report = DriftDetector.detect(profile, QUARTER, LiveWindow.scored(model, heldOut));
        print("KDDTrain+ held out", report);
        assertThat(report.driftedInputs()).isZero();
        assertThat(report.datasetDrift()).isFalse();
        assertThat(report.prediction().drifted()).isFalse();
        assertThat(report.inputs()).allSatisfy(i -> assertThat(i.psiLevel()).isEqualTo("stable"));
    }

    private static void print(String what, DriftReport r) {
        System.out.printf("%s: %d of %d inputs drifted (share %.3f), prediction %s %.4f; most drifted (PSI): %s%n", what, r.driftedInputs(),
                r.testedInputs(), r.driftShare(), r.prediction().method().wire(), r.prediction().statistic(),
                r.mostDrifted(5).stream().map(i -> i.name() + " " + String.format("%.3f", i.psi())).toList());
        for (InputDrift i : r.inputs()) System.out.printf("  %s %s %.4f psi %.4f %s%n", i.name(), i.method().wire(), i.statistic(), i.psi(), i.status());
    }
}
