package io.vigil.engine.algorithms;

import java.util.Arrays;
import java.util.List;

/**
 * A model's outputs for a run of rows, in flat arrays that one caller may reuse from call to call
 * (a batch job scores millions of rows through one, with no allocation per row): for row r the
 * predicted class, each class's probability at {@code r * classCount()}, a detector's anomaly
 * score and, when asked for, the margins at {@code r * marginCount()}. What a label, a confidence,
 * an anomaly score or an anomaly is, is said here once; {@link Scorer} fills the rows.
 *
 * <p>Not thread-safe: {@link Scorer} writes disjoint rows from several threads and hands it back
 * when all are done. A copy ({@link #copy()}) kept unchanged may be shared.
 */
public final class ScoredRows {
    private static final int[] NO_CLASSES = {};
    private static final double[] NO_VALUES = {};

    private final boolean keepMargins;
    private List<String> classes = List.of();
    private int classCount;
    private int marginCount;
    private boolean detector;
    private int rows;
    private int[] classIndex = NO_CLASSES;
    private double[] probabilities = NO_VALUES;
    private double[] anomalyScores = NO_VALUES;
    private double[] margins = NO_VALUES;
    // one row's margins and probabilities, of the model's exact sizes (models read their lengths)
    private double[] rowMargins = NO_VALUES;
    private double[] rowProbabilities = NO_VALUES;

    /** Rows without their margins: what serving answers. */
    public ScoredRows() {
        this(false);
    }

    private ScoredRows(boolean keepMargins) {
        this.keepMargins = keepMargins;
    }

    /** Rows that keep their margins too (raw outputs before the link), e.g. to explain or to compare with another library. */
    public static ScoredRows withMargins() {
        return new ScoredRows(true);
    }

    /** Sizes the arrays for {@code rows} rows of {@code model}; they grow, and are never shrunk, so reuse allocates nothing. */
    void prepare(Model model, int rows) {
        this.classes = model.classes();
        this.classCount = classes.size();
        this.marginCount = model.marginCount();
        this.detector = model.task() == Task.ANOMALY_DETECTION;
        this.rows = rows;
        if (classIndex.length < rows) classIndex = new int[rows];
        if (probabilities.length < rows * classCount) probabilities = new double[rows * classCount];
        if (detector && anomalyScores.length < rows) anomalyScores = new double[rows];
        if (keepMargins && margins.length < rows * marginCount) margins = new double[rows * marginCount];
        if (rowMargins.length != marginCount) rowMargins = new double[marginCount];
        if (rowProbabilities.length != classCount) rowProbabilities = new double[classCount];
    }

    /** Row {@code r}'s outputs, from its decision and the arrays it was scored into. */
    void set(int r, int decided, double[] rowMargins, double[] rowProbabilities) {
        classIndex[r] = decided;
        System.arraycopy(rowProbabilities, 0, probabilities, r * classCount, classCount);
        if (detector) anomalyScores[r] = rowMargins[0]; // a detector's one margin is its anomaly score, in [0, 1]
        if (keepMargins) System.arraycopy(rowMargins, 0, margins, r * marginCount, marginCount);
    }

    double[] rowMargins() {
        return rowMargins;
    }

    double[] rowProbabilities() {
        return rowProbabilities;
    }

    public int rows() {
        return rows;
    }

    public List<String> classes() {
        return classes;
    }

    public int classCount() {
        return classCount;
    }

    public int marginCount() {
        return marginCount;
    }

    /** The predicted class's index in {@link #classes()}. */
    public int classIndex(int row) {
        return classIndex[row];
    }

    public String label(int row) {
        return classes.get(classIndex[row]);
    }

    public double probability(int row, int classIndex) {
        return probabilities[row * classCount + classIndex];
    }

    /** The probability of the predicted class. */
    public double confidence(int row) {
        return probabilities[row * classCount + classIndex[row]];
    }

    /** Whether the rows have anomaly scores: the model is an anomaly detector. */
    public boolean hasAnomalyScores() {
        return detector;
    }

    /** A detector's anomaly score of the row, in [0, 1]. */
    public double anomalyScore(int row) {
        if (!detector) throw new IllegalStateException("a classifier has no anomaly score");
        return anomalyScores[row];
    }

    /** Whether a detector flags the row (its score reached the threshold); false for classifiers. */
    public boolean isAnomaly(int row) {
        return detector && classIndex[row] == 1;
    }

    /** Margin {@code k} of the row (one for binary models and detectors, one per class otherwise); only when kept. */
    public double margin(int row, int k) {
        if (!keepMargins) throw new IllegalStateException("margins were not kept: score into ScoredRows.withMargins()");
        return margins[row * marginCount + k];
    }

    /** Every row's probabilities, row after row ({@link #classCount()} each); may be longer than {@code rows() * classCount()}. */
    public double[] probabilities() {
        return probabilities;
    }

    /** Every row's anomaly score, in row order (may be longer than {@link #rows()}); null for classifiers. */
    public double[] anomalyScores() {
        return detector ? anomalyScores : null;
    }

    /** The predicted class index of every row, in a new array. */
    public int[] classIndices() {
        return Arrays.copyOf(classIndex, rows);
    }

    /** Probabilities as one new array per row, {@code [row][class]}. */
    public double[][] probabilityRows() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) out[r] = Arrays.copyOfRange(probabilities, r * classCount, (r + 1) * classCount);
        return out;
    }

    /** A copy of exactly these rows, for keeping (a cache) while this one is reused. */
    public ScoredRows copy() {
        ScoredRows c = new ScoredRows(keepMargins);
        c.classes = classes;
        c.classCount = classCount;
        c.marginCount = marginCount;
        c.detector = detector;
        c.rows = rows;
        c.classIndex = Arrays.copyOf(classIndex, rows);
        c.probabilities = Arrays.copyOf(probabilities, rows * classCount);
        c.anomalyScores = detector ? Arrays.copyOf(anomalyScores, rows) : NO_VALUES;
        c.margins = keepMargins ? Arrays.copyOf(margins, rows * marginCount) : NO_VALUES;
        return c;
    }
}
