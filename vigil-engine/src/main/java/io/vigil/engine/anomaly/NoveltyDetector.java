package io.vigil.engine.anomaly;

/**
 * A streaming detector for one metric that flags the start of an unusual episode: a point whose
 * deviation is both large (a robust z-score at least a floor) and novel (larger than every
 * deviation in the last {@code memory} points), unless another such point came less than
 * {@code quietPoints} points before it (one episode, one alarm).
 *
 * <p>Two deviations are watched, each a {@link DeviationSignal} (the robust z of an 8-point moving
 * average against the last {@code window} such averages):
 * <ul>
 *   <li>of the values themselves: spikes, dips and shifts of level (floor {@code levelFloor}, 3);</li>
 *   <li>of the residuals from a {@link ProfilePredictor} (the best of the long-run median, a daily
 *       and a weekly profile): a quiet Monday morning on a busy metric, a missing nightly peak
 *       (floor {@code profileFloor}, 5).</li>
 * </ul>
 *
 * <p>Scores: an alarm is {@code 0.7 + 0.3 (1 - floor / z)} (at least 0.7, more for a larger
 * deviation); any other point {@code 0.69} times its largest rank among the remembered deviations
 * (halved when below the floor), so that 0.7 is the threshold that means "alarm". Nothing is
 * flagged before {@code warmUp + 50} points. Each point is judged only by the points before it;
 * memory is bounded (about 16,000 doubles, 130 KB, with the defaults) and the work per point is O(window).
 *
 * <p>Its configuration was chosen on the Numenta Anomaly Benchmark (BENCHMARKS.md, "NAB"), one
 * configuration for all 58 series.
 */
public final class NoveltyDetector implements StreamingDetector {

    /** The score from which a point is an alarm. */
    public static final double ALARM = 0.7;
    private static final double BELOW_ALARM = 0.69;
    private static final int MIN_REMEMBERED = 50;

    /**
     * @param smoothing     points in the moving average each deviation is measured on
     * @param window        moving averages (and values, for the median) a deviation is measured against
     * @param memory        deviations a new one must exceed to be novel
     * @param warmUp        first points whose deviations are never remembered
     * @param levelFloor    robust z from which a deviation of the values counts
     * @param profileFloor  robust z from which a deviation from the profile counts
     * @param quietPoints   points after an alarm during which no new alarm is raised
     * @param profileWeight weight of a new value in its daily or weekly slot
     * @param errorWeight   weight of a new error when the profiles are compared
     */
    public record Settings(int smoothing, int window, int memory, int warmUp, double levelFloor, double profileFloor,
                           int quietPoints, double profileWeight, double errorWeight) {

        /** The configuration measured on NAB. */
        public static final Settings DEFAULTS = new Settings(8, 2000, 750, 200, 3.0, 5.0, 100, 0.3, 0.05);

        public Settings {
            if (smoothing < 1 || window < 2 * smoothing || memory < 2 || warmUp < 0 || quietPoints < 0) {
                throw new IllegalArgumentException("smoothing >= 1, window >= 2 smoothing, memory >= 2, warmUp >= 0 and "
                        + "quietPoints >= 0 are required");
            }
            if (!(levelFloor > 0) || !(profileFloor > 0)) {
                throw new IllegalArgumentException("the floors must be positive");
            }
            if (!(profileWeight > 0 && profileWeight <= 1) || !(errorWeight > 0 && errorWeight <= 1)) {
                throw new IllegalArgumentException("the weights must be in (0, 1]");
            }
        }
    }

    private final Settings settings;
    private final DeviationSignal level;
    private final ProfilePredictor profile;
    private final DeviationSignal residual;
    private final RecordMemory levelRecords;
    private final RecordMemory residualRecords;
    private int sinceAlarmCandidate = Integer.MAX_VALUE;

    public NoveltyDetector(Settings settings) {
        this.settings = settings;
        this.level = new DeviationSignal(settings.smoothing(), settings.window());
        this.profile = new ProfilePredictor(settings.window(), settings.profileWeight(), settings.errorWeight());
        this.residual = new DeviationSignal(settings.smoothing(), settings.window());
        this.levelRecords = new RecordMemory(settings.memory(), settings.warmUp(), MIN_REMEMBERED);
        this.residualRecords = new RecordMemory(settings.memory(), settings.warmUp(), MIN_REMEMBERED);
    }

    public NoveltyDetector() {
        this(Settings.DEFAULTS);
    }

    @Override
    public double score(long epochMillis, double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        double levelZ = level.surprise(value);
        double residualZ = residual.surprise(profile.residual(epochMillis, value));
        double levelRank = counted(levelRecords.rank(levelZ), levelZ, settings.levelFloor());
        double residualRank = counted(residualRecords.rank(residualZ), residualZ, settings.profileFloor());
        levelRecords.remember(levelZ);
        residualRecords.remember(residualZ);
        boolean candidate = levelRank == 1 || residualRank == 1;
        boolean alarm = candidate && sinceAlarmCandidate >= settings.quietPoints();
        sinceAlarmCandidate = candidate ? 0 : sinceAlarmCandidate == Integer.MAX_VALUE ? sinceAlarmCandidate : sinceAlarmCandidate + 1;
        if (alarm) {
            double grade = Math.max(levelRank == 1 ? 1 - settings.levelFloor() / levelZ : 0,
                    residualRank == 1 ? 1 - settings.profileFloor() / residualZ : 0);
            return ALARM + (1 - ALARM) * grade;
        }
        return BELOW_ALARM * Math.max(levelRank, residualRank);
    }

    /** A rank as it counts: halved when the deviation is below its floor (so never a record that alarms). */
    private static double counted(double rank, double z, double floor) {
        return z >= floor ? rank : rank / 2;
    }
}
