package io.vigil.server.monitoring.live;

import io.vigil.engine.evaluation.ClassMetrics;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.server.monitoring.feedback.FeedbackRepository.Labelled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Live figures of a model version from the feedback on its predictions, computed by the engine's
 * {@link Evaluator}, the same code that measured the version at training and validation: accuracy,
 * precision, recall and F1 per class and averaged, ROC AUC from the recorded probabilities. For a
 * model of more than two classes, one of them normal (NSL-KDD's five categories), also the binary
 * figures of attack against normal. A figure that cannot be computed is null, with the reason.
 */
public final class LiveEvaluation {
    /**
     * Class names that say "not an attack", as the engine reads them when it settles a binary
     * model's positive class (engine {@code algorithms.Training}), without the ones only a two-class label uses.
     */
    private static final Set<String> NORMAL_NAMES = Set.of("normal", "benign", "legitimate", "legit", "clean");

    /** Precision, recall and F1 averaged over classes. */
    public record Averages(double precision, double recall, double f1) {}

    /**
     * The binary figures of attack (every class but {@code normalClass}) against normal; the
     * score of attack is 1 - the probability of normal.
     */
    public record AttackVsNormal(String normalClass, double accuracy, double precision, double recall, double f1, Double rocAuc,
                                 String rocAucReason) {}

    /**
     * Figures from {@code evaluated} rows of feedback; all null with a {@code reason} when there are none.
     *
     * @param precision like the version's validation figures: the positive (last) class's for two classes, else the macro average
     */
    public record Figures(long evaluated, String reason, Double accuracy, Double precision, Double recall, Double f1,
                          String positiveClass, Averages macro, Averages weighted, List<ClassMetrics> perClass, Double rocAuc,
                          String rocAucReason, AttackVsNormal attackVsNormal) {

        static Figures none(String reason) {
            return new Figures(0, reason, null, null, null, null, null, null, null, null, null, reason, null);
        }
    }

    private LiveEvaluation() {}

    /** The figures of {@code rows} (predicted and actual labels of {@code classes}, probabilities in class order). */
    public static Figures of(List<String> classes, List<Labelled> rows) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        List<Labelled> usable = new ArrayList<>(rows.size());
        for (Labelled r : rows) { // rows always fit their version; a guard, not a filter
            if (index.containsKey(r.predicted()) && index.containsKey(r.actual()) && r.probabilities().length == classes.size()) {
                usable.add(r);
            }
        }
        if (usable.isEmpty()) {
            return Figures.none("no feedback on this version's predictions in the window");
        }
        int n = usable.size();
        int[] actual = new int[n];
        int[] predicted = new int[n];
        double[][] probabilities = new double[n][];
        for (int i = 0; i < n; i++) {
            Labelled r = usable.get(i);
            actual[i] = index.get(r.actual());
            predicted[i] = index.get(r.predicted());
            probabilities[i] = doubles(r.probabilities());
        }
        EvaluationReport report = Evaluator.evaluate(classes, actual, predicted, probabilities);
        boolean binary = classes.size() == 2;
        ClassMetrics positive = report.perClass().get(classes.size() - 1);
        Double rocAuc = Double.isNaN(report.rocAuc()) ? null : report.rocAuc();
        return new Figures(n, null, report.accuracy(), binary ? positive.precision() : report.macroPrecision(),
                binary ? positive.recall() : report.macroRecall(), binary ? positive.f1() : report.macroF1(),
                binary ? positive.name() : null,
                new Averages(report.macroPrecision(), report.macroRecall(), report.macroF1()),
                new Averages(report.weightedPrecision(), report.weightedRecall(), report.weightedF1()), report.perClass(), rocAuc,
                rocAuc == null ? rocAucReason(classes, report) : null, attackVsNormal(classes, actual, predicted, probabilities));
    }

    /** Why ROC AUC was not computed: it ranks positives against negatives, so it needs rows of both. */
    private static String rocAucReason(List<String> classes, EvaluationReport report) {
        List<String> seen = new ArrayList<>();
        for (ClassMetrics c : report.perClass()) {
            if (c.support() > 0) {
                seen.add(c.name());
            }
        }
        return classes.size() == 2
                ? "the feedback holds one class only (" + String.join(", ", seen) + "): ROC AUC needs true labels of both classes"
                : "no class has both feedback rows of its own and of others (true labels seen: " + seen + ")";
    }

    /**
     * The index of the normal class among {@code classes} (named normal, benign, legitimate, legit or
     * clean, in any case; the last if several are), or -1 when none is: every other class is an attack.
     */
    public static int normalClass(List<String> classes) {
        int normal = -1;
        for (int c = 0; c < classes.size(); c++) {
            if (NORMAL_NAMES.contains(classes.get(c).toLowerCase(Locale.ROOT))) {
                normal = c;
            }
        }
        return normal;
    }

    /** The binary figures of attack against normal, for more than two classes one of which is normal; null otherwise. */
    private static AttackVsNormal attackVsNormal(List<String> classes, int[] actual, int[] predicted, double[][] probabilities) {
        int normal = normalClass(classes);
        if (classes.size() <= 2 || normal < 0) {
            return null;
        }
        int n = actual.length;
        int[] isAttack = new int[n];
        int[] saysAttack = new int[n];
        double[][] scores = new double[n][];
        for (int i = 0; i < n; i++) {
            isAttack[i] = actual[i] == normal ? 0 : 1;
            saysAttack[i] = predicted[i] == normal ? 0 : 1;
            double pAttack = 1 - probabilities[i][normal];
            scores[i] = new double[] {1 - pAttack, pAttack};
        }
        String normalClass = classes.get(normal);
        EvaluationReport r = Evaluator.evaluate(List.of(normalClass, "attack"), isAttack, saysAttack, scores);
        ClassMetrics attack = r.perClass().get(1);
        Double rocAuc = Double.isNaN(r.rocAuc()) ? null : r.rocAuc();
        return new AttackVsNormal(normalClass, r.accuracy(), attack.precision(), attack.recall(), attack.f1(), rocAuc,
                rocAuc == null ? rocAucReason(List.of(normalClass, "attack"), r) : null);
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
