package io.vigil.server.core;

/**
 * Every size and range a request is held to, in one place (the README's "Request limits" lists
 * them). JSON bodies are bounded first by the reader ({@link Json#MAPPER}), then field by field.
 */
public final class RequestLimits {
    private RequestLimits() {}

    // ---- the JSON reader: past these a body is refused before it becomes objects

    /** Objects and arrays inside each other; nested prediction records need a handful. */
    public static final int JSON_DEPTH = 64;
    /** Characters of one JSON string (413 past it); the longest text field takes far fewer. */
    public static final int JSON_STRING_LENGTH = 1_000_000;
    /** Characters of one JSON number: a double needs 24. */
    public static final int JSON_NUMBER_LENGTH = 100;
    /** Characters of one member name; the same bound as a column name, which is what most names are. */
    public static final int JSON_NAME_LENGTH = 1_000;

    // ---- text fields

    /** {@code modelName} and {@code modelType}: letters, digits, '.', '_' and '-'. */
    public static final int MODEL_NAME_LENGTH = 100;
    /** Dataset names, owners, query filters. */
    public static final int NAME_LENGTH = 200;
    /** Names that come from the data: columns (targetVariable, features, dropColumns, labelColumn) and class labels. */
    public static final int DATA_NAME_LENGTH = 1_000;
    public static final int DESCRIPTION_LENGTH = 4_000;
    public static final int TAG_LENGTH = 100;

    // ---- lists and maps

    public static final int TAGS = 50;
    /** Columns named in features, dropColumns or an upload's columns. */
    public static final int COLUMNS = 10_000;
    public static final int HYPERPARAMETERS = 100;
    /** Hyperparameters searched by one tuning; each with at most {@code Tuning.MAX_CANDIDATES} values. */
    public static final int TUNED_HYPERPARAMETERS = 20;
    public static final int THRESHOLDS = 50;
    /** Records (or tensor rows) of one prediction request. */
    public static final int PREDICTION_RECORDS = 10_000;
    /** Items of one feedback request ({@code POST /ml/feedback}). */
    public static final int FEEDBACK_ITEMS = 10_000;

    // ---- numbers

    public static final int PRIORITY_MIN = -1_000;
    public static final int PRIORITY_MAX = 1_000;
    /** The longest {@code timeLimitSeconds} a training may ask for: a week. */
    public static final int TIME_LIMIT_SECONDS_MAX = 7 * 24 * 3600;
    public static final double TRAIN_TEST_SPLIT_MIN = 0.01;
    public static final double TRAIN_TEST_SPLIT_MAX = 0.9;
}
