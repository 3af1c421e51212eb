package io.vigil.engine.datasets.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer on NAB's own tiny windows file (realKnownCause/nyc_taxi.csv with 5 windows,
 * rogue_agent_key_hold.csv with 2), against a computation by hand of NAB's rules.
 */
class NabScorerTest {

    /** NAB's scaled sigmoid, written out: S(x) = 2 / (1 + e^(5x)) - 1. */
    static double s(double x) {
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    @Test
    void tinyWindowsScoredByHand() {
        List<NabSeries> tiny = NabCorpus.load("combined_windows_tiny.json");
        assertThat(tiny).extracting(NabSeries::name).containsExactly("realKnownCause/nyc_taxi.csv",
                "realKnownCause/rogue_agent_key_hold.csv");
        NabSeries taxi = tiny.get(0);
        NabSeries rogue = tiny.get(1);
        // Rows counted in the files (awk): 10,320 and 1,882; probation min(floor(0.15 n), 750) = 750 and 282.
        assertThat(taxi.size()).isEqualTo(10_320);
        assertThat(rogue.size()).isEqualTo(1_882);
        assertThat(NabScorer.probationaryLength(taxi.size())).isEqualTo(750);
        assertThat(NabScorer.probationaryLength(rogue.size())).isEqualTo(282);
        // The windows' rows (found with grep -n in the files, minus the header): taxi W1 5839..6045,
        // W2 7080..7286, W3 8423..8629, W4 8731..8937, W5 9977..10183 (207 rows each);
        // rogue R1 669..763, R2 1240..1334 (95 rows each).
        double[] taxiScores = new double[taxi.size()];
        double[] rogueScores = new double[rogue.size()];
        taxiScores[100] = 1;   // in the probationary period: not scored
        taxiScores[1000] = 1;  // before any window: a false positive worth -1 * fpWeight
        taxiScores[5839] = 1;  // W1's first row: S(-207/207) / S(-1) = 1
        taxiScores[5900] = 1;  // W1 again: only a window's best detection counts
        taxiScores[6148] = 1;  // 103 rows after W1 ends: S(103 / (207 - 1)) = S(0.5) = -0.84828 times fpWeight
        taxiScores[7286] = 1;  // W2's last row: S(-1/207) / S(-1) = 0.012241
        rogueScores[716] = 1;  // R1, 48 rows from its end: S(-(763 - 716 + 1)/95) / S(-1) = S(-48/95) / S(-1) = 0.86349
        rogueScores[1500] = 1; // 166 rows after R2: S(166/94) = -0.99971 times fpWeight
        // W3, W4, W5 and R2 are missed: -4 * fnWeight.
        List<double[]> scores = List.of(taxiScores, rogueScores);
        NabScorer scorer = NabScorer.of(tiny);
        assertThat(scorer.labelledWindows()).isEqualTo(7);
        assertThat(scorer.scorableWindows()).isEqualTo(7);

        double maxTp = s(-1); // 0.98661
        double truePositives = s(-1) / maxTp + s(-1.0 / 207) / maxTp + s(-48.0 / 95) / maxTp; // 1.87573
        double falsePositives = -1 + s(103.0 / 206) + s(166.0 / 94);                            // -2.84799
        for (NabProfile profile : NabProfile.ALL) {
            double raw = truePositives + profile.fpWeight() * falsePositives - 4 * profile.fnWeight();
            // The null detector (0.5 everywhere) is best detecting nothing: every window missed.
            double nullRaw = -7 * profile.fnWeight();
            double perfect = 7 * profile.tpWeight();
            NabResult result = scorer.score(scores, profile);
            assertThat(result.threshold()).as(profile.name()).isEqualTo(1.0);
            assertThat(result.raw()).as(profile.name()).isCloseTo(raw, within(1e-12));
            assertThat(scorer.nullScore(profile)).isCloseTo(nullRaw, within(1e-12));
            assertThat(result.normalized()).as(profile.name())
                    .isCloseTo(100 * (raw - nullRaw) / (perfect - nullRaw), within(1e-9));
            assertThat(result.detected()).isEqualTo(3);
            assertThat(result.windows()).isEqualTo(7);
            assertThat(result.falsePositives()).isEqualTo(3);
        }
        // standard: raw = 1.87573 - 0.11 * 2.84799 - 4 = -2.43755, normalised 100 (-2.43755 + 7) / 14 = 32.589
        assertThat(scorer.score(scores, NabProfile.STANDARD).normalized()).isCloseTo(32.589, within(0.001));
        // reward low FN: raw = 1.87573 - 0.31328 - 8 = -6.43755, normalised 100 (-6.43755 + 14) / 21 = 36.012
        assertThat(scorer.score(scores, NabProfile.REWARD_LOW_FN).normalized()).isCloseTo(36.012, within(0.001));
    }

    @Test
    void theThresholdIsOneForTheCorpusAndDetectionsAreScoresAtLeastIt() {
        List<NabSeries> tiny = NabCorpus.load("combined_windows_tiny.json");
        NabScorer scorer = NabScorer.of(tiny);
        double[] taxi = new double[tiny.get(0).size()];
        double[] rogue = new double[tiny.get(1).size()];
        taxi[5839] = 0.9;  // W1 found at 0.9 ...
        rogue[669] = 0.8;  // ... R1 at 0.8 ...
        rogue[1100] = 0.8; // ... with a false positive at the same score, (1100 - 763) / 94 = 3.59 > 3 widths after R1: -0.11
        List<double[]> scores = new ArrayList<>(List.of(taxi, rogue));
        // at 0.8 both windows count: 2 - 0.11 - 5 = -3.11, better than at 0.9 (1 - 6 = -5)
        NabResult result = scorer.score(scores, NabProfile.STANDARD);
        assertThat(result.threshold()).isEqualTo(0.8);
        assertThat(result.raw()).isCloseTo(2 - 0.11 - 5, within(1e-12));
        assertThat(scorer.scoreAt(scores, NabProfile.STANDARD, 0.85).raw()).isCloseTo(1 - 6, within(1e-12));
    }
}
