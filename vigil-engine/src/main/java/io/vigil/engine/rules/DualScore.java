package io.vigil.engine.rules;

import java.util.List;

/**
 * The ML model's and the rules' verdicts on one record, joined: the higher threat wins.
 *
 * <p>{@link #divergence} is what an analyst must look at: the rules say attack ({@code rules >=
 * threshold}) while the ML score is below {@code threshold - margin} ({@link Divergence#RULES_ONLY}),
 * or the ML score says attack while the rules' threat is below {@code threshold - margin}
 * ({@link Divergence#ML_ONLY}). A rule set gives no threat where no rule fired, so "the ML model
 * says attack and no rule fired" is {@code ML_ONLY}: a detection the rules do not cover, which is
 * exactly the disagreement asked for. That holds only when the model type has rules at all: without
 * any ({@code rulesApply} false) nothing diverges and the final score is the ML score. The margin
 * keeps near-misses out: with threshold 0.5 and margin 0.2, an ML score of 0.4 against a rule's 0.95
 * is not divergent, 0.25 is. Without an ML score (NaN: a rule-only event) nothing diverges either.
 *
 * @param ml         the ML model's threat score, 0 to 1 (NaN: none)
 * @param rules      the highest threat of the rules that fired (0 when none did)
 * @param score      the final threat: the higher of the two
 * @param divergence whether and how they disagree
 * @param fired      the rules that fired, in their set's order
 */
public record DualScore(double ml, double rules, double score, Divergence divergence, List<String> fired) {

    public DualScore {
        fired = List.copyOf(fired);
    }

    /**
     * Joins the scores.
     *
     * @param ml         the ML threat score, 0 to 1, or NaN for none
     * @param verdict    the rules' verdict ({@link RuleVerdict#NONE} without rules)
     * @param rulesApply whether the model type has rules (any enabled one)
     * @param threshold  the threat at and above which a record is an attack, 0 to 1
     * @param margin     how far below the threshold the other side must be to diverge, 0 to 1 (at or
     *                   above the threshold, nothing can diverge)
     */
    public static DualScore combine(double ml, RuleVerdict verdict, boolean rulesApply, double threshold, double margin) {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
        if (!(margin >= 0 && margin <= 1)) throw new IllegalArgumentException("margin must be in [0, 1]: " + margin);
        if (!Double.isNaN(ml) && !(ml >= 0 && ml <= 1)) throw new IllegalArgumentException("ML threat must be in [0, 1]: " + ml);
        double rules = verdict.threat();
        double score = Double.isNaN(ml) ? rules : Math.max(ml, rules);
        Divergence divergence = Divergence.NONE;
        if (rulesApply && !Double.isNaN(ml)) {
            double low = threshold - margin;
            if (rules >= threshold && ml < low) {
                divergence = Divergence.RULES_ONLY;
            } else if (ml >= threshold && rules < low) {
                divergence = Divergence.ML_ONLY;
            }
        }
        return new DualScore(ml, rules, score, divergence, verdict.fired());
    }

    /** {@link #combine} with the rules evaluated here on the record. */
    public static DualScore of(double ml, CompiledRules rules, java.util.Map<String, ?> record, double threshold, double margin) {
        return combine(ml, rules.evaluate(record), !rules.isEmpty(), threshold, margin);
    }

    /** Whether the final score is an attack at this threshold. */
    public boolean attack(double threshold) {
        return score >= threshold;
    }
}
