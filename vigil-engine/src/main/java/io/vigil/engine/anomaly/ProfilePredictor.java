package io.vigil.engine.anomaly;

/**
 * Predicts a stream's next value as the best of three simple models, judged by their recent errors:
 * the long-run median (the last {@code window} values), a daily profile (an exponentially weighted
 * mean per 5-minute slot of the day) and a weekly profile (per hour of the week). A metric with a
 * daily or weekly rhythm (traffic, logins, a batch job) is then judged against what is usual for
 * that time, and one without against its median. Times are UTC. Bounded memory: the window plus
 * 456 slots.
 */
final class ProfilePredictor {

    static final int DAY_SLOTS = 288;
    static final int WEEK_SLOTS = 168;
    private static final long MINUTE = 60_000L;
    /** How many points each model must have been judged on before it can be chosen. */
    private static final int JUDGED_BEFORE_CHOSEN = 50;

    private final RollingWindow recent;
    private final double profileWeight;
    private final double errorWeight;
    private final double[] day = new double[DAY_SLOTS];
    private final int[] dayCount = new int[DAY_SLOTS];
    private final double[] week = new double[WEEK_SLOTS];
    private final int[] weekCount = new int[WEEK_SLOTS];
    /** Per model (median, day, week): its mean absolute error, exponentially weighted, and how often judged. */
    private final double[] error = new double[3];
    private final int[] judged = new int[3];
    private final double[] prediction = new double[3];
    private final boolean[] ready = new boolean[3];

    /**
     * @param window        values the median is taken over
     * @param profileWeight weight of a new value in its slot's mean (0..1]
     * @param errorWeight   weight of a new error in a model's mean error (0..1]
     */
    ProfilePredictor(int window, double profileWeight, double errorWeight) {
        this.recent = new RollingWindow(window);
        this.profileWeight = profileWeight;
        this.errorWeight = errorWeight;
    }

    /**
     * The residual of {@code x} at {@code epochMillis} from the model with the smallest recent error
     * (0 before any model can predict), then learns the value.
     */
    double residual(long epochMillis, double x) {
        long minute = Math.floorDiv(epochMillis, MINUTE);
        int daySlot = (int) (Math.floorMod(minute, 1440L) / 5);
        int weekSlot = (int) Math.floorMod(minute / 60 + 72, (long) WEEK_SLOTS); // 1970-01-01 was a Thursday: hour 0 is Monday 00:00
        ready[0] = recent.size() >= 10;
        prediction[0] = ready[0] ? recent.quantile(0.5) : 0;
        ready[1] = dayCount[daySlot] >= 2;
        prediction[1] = day[daySlot];
        ready[2] = weekCount[weekSlot] >= 2;
        prediction[2] = week[weekSlot];
        int best = ready[0] ? 0 : -1;
        for (int m = 1; m < 3; m++) {
            if (ready[m] && judged[m] >= JUDGED_BEFORE_CHOSEN && judged[0] >= JUDGED_BEFORE_CHOSEN && error[m] < error[best]) {
                best = m;
            }
        }
        double residual = best < 0 ? 0 : x - prediction[best];
        for (int m = 0; m < 3; m++) {
            if (ready[m]) {
                double e = Math.abs(x - prediction[m]);
                error[m] = judged[m] == 0 ? e : error[m] + errorWeight * (e - error[m]);
                judged[m]++;
            }
        }
        recent.add(x);
        day[daySlot] = dayCount[daySlot] == 0 ? x : day[daySlot] + profileWeight * (x - day[daySlot]);
        dayCount[daySlot]++;
        week[weekSlot] = weekCount[weekSlot] == 0 ? x : week[weekSlot] + profileWeight * (x - week[weekSlot]);
        weekCount[weekSlot]++;
        return residual;
    }
}
