package io.vigil.server.monitoring.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.server.monitoring.feedback.FeedbackRepository.Labelled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Live figures from feedback rows: the engine's evaluator's, with attack against normal for NSL-KDD's categories. */
class LiveEvaluationTest {
    private static final List<String> CATEGORIES = List.of("dos", "normal", "probe", "r2l", "u2r");

    private static Labelled row(String predicted, String actual, float... probabilities) {
        return new Labelled(Instant.EPOCH, predicted, actual, probabilities);
    }

    /** Probabilities that make {@code predicted} the likeliest class, {@code normal} getting {@code pNormal}. */
    private static float[] probabilities(String predicted, float pNormal) {
        float[] p = new float[CATEGORIES.size()];
        int normal = CATEGORIES.indexOf("normal");
        p[normal] = pNormal;
        float rest = 1 - pNormal;
        int k = CATEGORIES.indexOf(predicted);
        if (k != normal) {
            p[k] = rest;
        } else {
            p[(normal + 1) % p.length] = rest;
        }
        return p;
    }

    @Test
    void manyCategoriesWithANormalOneAlsoGetAttackAgainstNormalByHand() {
        Random random = new Random(11);
        List<Labelled> rows = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        int exact = 0;
        for (int i = 0; i < 400; i++) {
            String actual = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            String predicted = random.nextDouble() < 0.7 ? actual : CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            float pNormal = predicted.equals("normal") ? 0.6f + 0.3f * random.nextFloat() : 0.3f * random.nextFloat();
            rows.add(row(predicted, actual, probabilities(predicted, pNormal)));
            boolean isAttack = !actual.equals("normal");
            boolean saysAttack = !predicted.equals("normal");
            tp += isAttack && saysAttack ? 1 : 0;
            fp += !isAttack && saysAttack ? 1 : 0;
            fn += isAttack && !saysAttack ? 1 : 0;
            tn += !isAttack && !saysAttack ? 1 : 0;
            exact += actual.equals(predicted) ? 1 : 0;
        }

        LiveEvaluation.Figures f = LiveEvaluation.of(CATEGORIES, rows);

        assertThat(f.evaluated()).isEqualTo(400);
        assertThat(f.accuracy()).isCloseTo(exact / 400.0, within(1e-12));
        assertThat(f.positiveClass()).as("more than two classes: macro averages").isNull();
        assertThat(f.precision()).isEqualTo(f.macro().precision());
        assertThat(f.perClass()).hasSize(5);
        assertThat(f.rocAuc()).isBetween(0.5, 1.0);
        LiveEvaluation.AttackVsNormal binary = f.attackVsNormal();
        assertThat(binary.normalClass()).isEqualTo("normal");
        assertThat(binary.accuracy()).isCloseTo((tp + tn) / 400.0, within(1e-12));
        assertThat(binary.precision()).isCloseTo((double) tp / (tp + fp), within(1e-12));
        assertThat(binary.recall()).isCloseTo((double) tp / (tp + fn), within(1e-12));
        assertThat(binary.rocAuc()).as("1 - p(normal) ranks attacks first").isGreaterThan(0.8);
    }

    @Test
    void rocAucNeedsBothClassesAndSaysSo() {
        List<String> classes = List.of("normal", "attack");
        LiveEvaluation.Figures f = LiveEvaluation.of(classes, List.of(row("attack", "attack", 0.1f, 0.9f),
                row("normal", "attack", 0.6f, 0.4f)));
        assertThat(f.accuracy()).isEqualTo(0.5);
        assertThat(f.positiveClass()).isEqualTo("attack");
        assertThat(f.recall()).isEqualTo(0.5);
        assertThat(f.rocAuc()).isNull();
        assertThat(f.rocAucReason()).contains("one class only (attack)");
        assertThat(f.attackVsNormal()).isNull();
    }

    @Test
    void noRowsIsNoFigures() {
        LiveEvaluation.Figures f = LiveEvaluation.of(List.of("normal", "attack"), List.of());
        assertThat(f.accuracy()).isNull();
        assertThat(f.f1()).isNull();
        assertThat(f.reason()).contains("no feedback");
    }
}
