package io.vigil.engine.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detector on distributions whose drift is known: the same (none), shifted (some), too few rows (no verdict). */
class DriftDetectorTest {
    static final String[] PROTOCOLS = {"tcp", "tcp", "udp", "icmp"};

    /** A profile of x ~ N(0, 1) and a protocol, {@code rows} reference rows, predictions half "attack". */
    static ReferenceProfile profile(int rows) {
        SplittableRandom random = new SplittableRandom(1);
        double[] x = new double[rows];
        Map<String, Long> protocols = new java.util.HashMap<>();
        for (int i = 0; i < rows; i++) {
            x[i] = random.nextGaussian();
            protocols.merge(PROTOCOLS[random.nextInt(4)], 1L, Long::sum);
        }
        return new ReferenceProfile(1, rows, 1, 20, 5000, 100,
                List.of(InputProfile.numeric("x", NumericSketch.of(x, 20, 5000, 1)),
                        InputProfile.categorical("protocol", CategorySketch.of(protocols, 0, 100))),
                InputProfile.categorical(DriftDetector.PREDICTION, CategorySketch.of(Map.of("attack", rows / 2L, "normal", rows / 2L), 0, 10)));
    }

    /** {@code rows} live rows: x ~ N(shift, 1), protocols as in the reference unless {@code icmpOnly}, labels "attack" at {@code attackShare}. */
    static LiveWindow live(int rows, double shift, boolean icmpOnly, double attackShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows];
        String[] protocol = new String[rows];
        String[] labels = new String[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = (float) (random.nextGaussian() + shift);
            protocol[i] = icmpOnly ? "icmp" : PROTOCOLS[random.nextInt(4)];
            labels[i] = random.nextDouble() < attackShare ? "attack" : "normal";
        }
        return new LiveWindow(rows, new float[][] {x}, new String[][] {protocol}, labels, null);
    }

    @Test
    void theSameDistributionHasNotDrifted() {
        DriftReport r = DriftDetector.detect(profile(20_000), DriftSettings.DEFAULTS, live(20_000, 0, false, 0.5, 2));
        assertThat(r.inputs()).extracting(InputDrift::method).containsExactly(DriftMethod.WASSERSTEIN, DriftMethod.JENSEN_SHANNON);
        assertThat(r.inputs()).allSatisfy(i -> {
            assertThat(i.drifted()).isFalse();
            assertThat(i.psiLevel()).isEqualTo("stable");
        });
        assertThat(r.driftShare()).isZero();
        assertThat(r.datasetDrift()).isFalse();
        assertThat(r.prediction().drifted()).isFalse();
        assertThat(r.status()).isEqualTo("no drift");
    }

    @Test
    void aShiftedDistributionHasDrifted() {
        DriftReport r = DriftDetector.detect(profile(20_000), DriftSettings.DEFAULTS, live(5_000, 1.0, true, 0.9, 3));
        assertThat(r.inputs()).allSatisfy(i -> assertThat(i.drifted()).isTrue());
        assertThat(r.inputs().get(0).statistic()).isBetween(0.9, 1.1); // one standard deviation, as Wasserstein over the std
        assertThat(r.driftShare()).isEqualTo(1.0);
        assertThat(r.datasetDrift()).isTrue();
        assertThat(r.prediction().drifted()).isTrue();
        assertThat(r.inputs().get(1).psiLevel()).isEqualTo("significant");
        assertThat(r.mostDrifted(1)).extracting(InputDrift::name).containsExactly("protocol");
    }

    @Test
    void aSmallReferenceIsJudgedByTests() {
        ReferenceProfile small = profile(800);
        DriftReport same = DriftDetector.detect(small, DriftSettings.DEFAULTS, live(2_000, 0, false, 0.5, 4));
        assertThat(same.inputs()).extracting(InputDrift::method).containsExactly(DriftMethod.KS, DriftMethod.CHI_SQUARE);
        assertThat(same.inputs()).allSatisfy(i -> assertThat(i.pValue()).isGreaterThan(0.05));
        DriftReport shifted = DriftDetector.detect(small, DriftSettings.DEFAULTS, live(2_000, 0.3, false, 0.5, 5));
        assertThat(shifted.inputs().get(0).drifted()).isTrue();
        assertThat(shifted.inputs().get(0).pValue()).isLessThan(0.05);
        assertThat(shifted.inputs().get(1).drifted()).isFalse();
        assertThat(shifted.driftShare()).isEqualTo(0.5);
        assertThat(shifted.datasetDrift()).isTrue(); // half the inputs reach the default share of 0.5
    }

    @Test
    void tooFewLiveRowsGiveNoVerdict() {
        DriftReport r = DriftDetector.detect(profile(20_000), DriftSettings.DEFAULTS, live(29, 5, true, 1, 6));
        assertThat(r.inputs()).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo("not enough data");
            assertThat(i.drifted()).isNull();
            assertThat(i.statistic()).isNull();
            assertThat(i.liveValues()).isEqualTo(29);
        });
        assertThat(r.driftShare()).isNull();
        assertThat(r.datasetDrift()).isNull();
        assertThat(r.status()).isEqualTo("not enough data");
        DriftSettings fewer = new DriftSettings(null, null, null, null, null, null, null, 10, null).over(DriftSettings.DEFAULTS);
        assertThat(DriftDetector.detect(profile(20_000), fewer, live(29, 5, true, 1, 6)).datasetDrift()).isTrue();
    }

    @Test
    void settingsChooseTheMethodsAndThresholds() {
        DriftSettings psi = new DriftSettings("psi", 0.5, "chisquare", 0.01, "psi", null, 1.0, null,
                Map.of("protocol", new DriftSettings.InputRule("jensenshannon", 0.9))).over(DriftSettings.DEFAULTS);
        assertThat(psi.problems()).isEmpty();
        DriftReport r = DriftDetector.detect(profile(20_000), psi, live(5_000, 0.3, false, 0.5, 7));
        assertThat(r.inputs()).extracting(InputDrift::method).containsExactly(DriftMethod.PSI, DriftMethod.JENSEN_SHANNON);
        assertThat(r.inputs()).extracting(InputDrift::threshold).containsExactly(0.5, 0.9);
        assertThat(r.inputs().get(0).statistic()).isEqualTo(r.inputs().get(0).psi());
        assertThat(r.prediction().method()).isEqualTo(DriftMethod.PSI);
        assertThat(r.driftShareThreshold()).isEqualTo(1.0);
    }

    @Test
    void badSettingsAreRefusedFieldByField() {
        DriftSettings bad = new DriftSettings("chisquared", null, "ks", null, "auto", 0.05, 1.5, 0,
                Map.of("x", new DriftSettings.InputRule("psi", -1.0), "y", new DriftSettings.InputRule(null, 0.1)));
        assertThat(bad.problems()).containsOnlyKeys("numericMethod", "categoricalMethod", "predictionThreshold", "driftShare", "minRows",
                "inputs.x.threshold", "inputs.y.threshold");
        assertThat(bad.problems().get("numericMethod")).contains("must be auto or one of [ks, chisquare, jensenshannon, psi, wasserstein]");
        assertThat(bad.problems().get("categoricalMethod")).isEqualTo("ks does not apply to categorical inputs");
        assertThat(new DriftSettings("ks", 1.0, null, null, null, null, null, null, null).problems())
                .containsEntry("numericThreshold", "must be a p-value greater than 0 and less than 1");
        assertThat(new DriftSettings("jensenshannon", 1.0, null, null, null, null, null, null, null).problems()).isEmpty();
        assertThat(DriftSettings.DEFAULTS.problems()).isEmpty();
    }

    @Test
    void settingsOverOthersKeepWhatTheyDoNotSet() {
        DriftSettings global = new DriftSettings("ks", 0.01, null, null, null, null, 0.3, null, Map.of("a", new DriftSettings.InputRule("psi", null)))
                .over(DriftSettings.DEFAULTS);
        DriftSettings model = new DriftSettings("jensenshannon", null, null, null, null, null, null, 100,
                Map.of("b", new DriftSettings.InputRule("ks", null))).over(global);
        assertThat(model.numericMethod()).isEqualTo("jensenshannon");
        assertThat(model.numericThreshold()).isNull(); // the global threshold was for ks
        assertThat(model.categoricalMethod()).isEqualTo("auto");
        assertThat(model.driftShare()).isEqualTo(0.3);
        assertThat(model.minRows()).isEqualTo(100);
        assertThat(model.inputs()).containsOnlyKeys("a", "b");
    }

    @Test
    void aWindowThatDoesNotFitTheProfileIsRefused() {
        LiveWindow twoNumeric = new LiveWindow(1, new float[][] {{1}, {2}}, new String[][] {}, new String[] {"a"}, null);
        assertThatThrownBy(() -> DriftDetector.detect(profile(100), DriftSettings.DEFAULTS, twoNumeric))
                .hasMessageContaining("2 numeric and 0 categorical columns, the profile 1 and 1");
    }
}
