package io.vigil.server.monitoring.experiments;

import org.jdbi.v3.core.Jdbi;

/**
 * Reads an experiment's feedback and makes its {@link Figures}. A/B: each arm's own predictions
 * that got feedback ({@code prediction_feedback} rows carry the experiment and arm that made the
 * prediction). Shadow: the champion's predictions that got feedback, each joined to the shadow
 * prediction that copies it (by V8's rule on {@code shadow_of}: the shadow row with the greatest
 * {@code shadow_of} at or before the champion's id within its block of ids), so both versions are
 * judged on the very same rows.
 */
record ExperimentFigures(Jdbi jdbi, ExperimentRepository repository) {
    // each arm's predicted and true labels, counted
    private static final String ARMS = "select arm, predicted_label, actual_label, count(*) as n from prediction_feedback"
            + " where experiment_id = :id and arm in ('champion', 'challenger') group by 1, 2, 3";
    // the champion's labelled predictions with their shadow's label, counted
    private static final String PAIRS = "select f.actual_label, f.predicted_label, s.label, count(*) as n from prediction_feedback f"
            + " cross join lateral (select r.labels[q.k + 1] as label, q.k, r.size from prediction_batches r"
            + "   cross join lateral (select ('x' || right(f.prediction_id::text, 4))::bit(16)::int"
            + "     - ('x' || right(r.shadow_of::text, 4))::bit(16)::int as k) q"
            + "   where r.shadow_of <= f.prediction_id"
            + "   and r.shadow_of >= overlay(f.prediction_id::text placing '0000' from 33 for 4)::uuid"
            + "   and r.experiment_id = :id and r.arm = 'shadow'"
            + "   and r.at >= f.predicted_at - interval '1 minute' and r.at < f.predicted_at + interval '1 hour'"
            + "   order by r.shadow_of desc limit 1) s"
            + " where f.experiment_id = :id and f.arm = 'champion' and s.k < s.size"
            + " group by 1, 2, 3";

    /** The figures of {@code e} now. */
    Figures of(Experiment e) {
        ArmCounts[] arms = e.isShadow() ? pairs(e) : arms(e);
        return figures(e, arms[0], arms[1], arms.length > 2 ? arms[2] : null, e.isShadow() ? repository.shadowCounts(e.id()) : null);
    }

    /** The figures of counts already read: a paired experiment gives {@code discordant} (champion-only, challenger-only right). */
    static Figures figures(Experiment e, ArmCounts champion, ArmCounts challenger, ArmCounts discordant, ShadowFigures shadow) {
        PrimaryMetric metric = e.primaryMetric();
        long n1 = champion.trials(metric);
        long n2 = challenger.trials(metric);
        Comparison comparison = null;
        String reason = null;
        double level = 1 - e.alpha();
        if (n1 == 0 || n2 == 0) {
            reason = "no feedback yet on " + (n1 == 0 ? "the champion's" : "the challenger's") + " predictions"
                    + (metric == PrimaryMetric.ACCURACY ? "" : " that " + metric.wire() + " counts");
        } else if (metric == PrimaryMetric.F1) {
            comparison = ArmTests.f1(champion, challenger, level);
        } else if (discordant != null && metric != PrimaryMetric.PRECISION) {
            // the same rows for both: accuracy of every row, recall of the true attacks
            comparison = ArmTests.paired(discordant.correct(), discordant.truePositives(), n1, level);
        } else {
            comparison = ArmTests.twoProportions(champion.successes(metric), n1, challenger.successes(metric), n2, level);
        }
        long next = (long) e.minSamples() << Math.min(e.looks(), 40);
        return new Figures(metric, e.positiveClass(), e.normalClass(), champion, challenger, champion.value(metric),
                challenger.value(metric), comparison, reason, shadow, next, e.alpha() / Math.pow(2, e.looks() + 1));
    }

    private ArmCounts[] arms(Experiment e) {
        ArmCounts[] arms = {ArmCounts.NONE, ArmCounts.NONE};
        jdbi.useHandle(h -> h.createQuery(ARMS).bind("id", e.id()).map((rs, ctx) -> {
            int a = "champion".equals(rs.getString("arm")) ? 0 : 1;
            String predicted = rs.getString("predicted_label");
            String actual = rs.getString("actual_label");
            arms[a] = arms[a].plus(rs.getLong("n"), predicted.equals(actual), e.positive(predicted), e.positive(actual));
            return a;
        }).list());
        return arms;
    }

    /**
     * Both versions on the champion's labelled rows that have a shadow: their counts, and the
     * discordant rows (as {@code correct}: the champion alone right for accuracy; as
     * {@code truePositives}: the challenger alone right; for recall, of the true attacks only).
     */
    private ArmCounts[] pairs(Experiment e) {
        ArmCounts[] arms = {ArmCounts.NONE, ArmCounts.NONE};
        long[] discordant = new long[2];
        boolean recall = e.primaryMetric() == PrimaryMetric.RECALL;
        jdbi.useHandle(h -> h.createQuery(PAIRS).bind("id", e.id()).map((rs, ctx) -> {
            String actual = rs.getString("actual_label");
            String champion = rs.getString("predicted_label");
            String challenger = rs.getString("label");
            long n = rs.getLong("n");
            boolean attack = e.positive(actual);
            arms[0] = arms[0].plus(n, champion.equals(actual), e.positive(champion), attack);
            arms[1] = arms[1].plus(n, challenger.equals(actual), e.positive(challenger), attack);
            boolean championRight = recall ? e.positive(champion) : champion.equals(actual);
            boolean challengerRight = recall ? e.positive(challenger) : challenger.equals(actual);
            if ((!recall || attack) && championRight != challengerRight) {
                discordant[championRight ? 0 : 1] += n;
            }
            return n;
        }).list());
        return new ArmCounts[] {arms[0], arms[1], new ArmCounts(0, discordant[0], discordant[1], 0, 0)};
    }
}
