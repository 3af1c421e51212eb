package io.vigil.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.RemoteTraining;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained on Spark and converted into Vigil's forests score every row of a held-out set
 * (NSL-KDD's KDDTest+, 22,544 rows) with the probabilities Spark's own model gives, to 1e-9; and
 * so do they after a round trip through a model bundle, loaded without Spark.
 */
class SparkTreesExactnessTest {
    private static final double TOLERANCE = 1e-9;
    private static Table train;
    private static Table trainMulticlass;
    private static Table test;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        TestSpark.session();
        int[] first = java.util.stream.IntStream.range(0, 5000).toArray(); // a part of the training file keeps the test quick
        train = NslKdd.load("KDDTrain+_20Percent.txt", true).select(first);
        trainMulticlass = NslKdd.load("KDDTrain+_20Percent.txt", false).select(first);
        test = NslKdd.load("KDDTest+.txt", true);
    }

    @Test
    void gradientBoostedTreesScoreAsSparkDoes() throws Exception {
        RemoteTraining r = TestSpark.request(train, NslKdd.LABEL, "gbm", Map.of("rounds", 6, "max_depth", 3), 7, dir,
                NslKdd.DIFFICULTY);
        SparkBackend.Trained t = new SparkBackend().trainKeepingSparkModel(r);
        assertThat(((TreeEnsembleModel) t.trained().model()).link()).isEqualTo(TreeEnsembleModel.Link.LOGISTIC);
        assertSameScores(t);
    }

    @Test
    void binaryRandomForestScoresAsSparkDoes() throws Exception {
        RemoteTraining r = TestSpark.request(train, NslKdd.LABEL, "random_forest", Map.of("trees", 6, "max_depth", 6), 11, dir,
                NslKdd.DIFFICULTY);
        SparkBackend.Trained t = new SparkBackend().trainKeepingSparkModel(r);
        assertThat(t.trained().model().marginCount()).isEqualTo(1);
        assertSameScores(t);
    }

    @Test
    void multiclassRandomForestScoresAsSparkDoes() throws Exception {
        RemoteTraining r = TestSpark.request(trainMulticlass, NslKdd.LABEL, "random_forest", Map.of("trees", 4, "max_depth", 6), 13,
                dir, NslKdd.DIFFICULTY);
        SparkBackend.Trained t = new SparkBackend().trainKeepingSparkModel(r);
        assertThat(t.trained().classes()).hasSizeGreaterThan(10);
        assertThat(t.trained().model().marginCount()).isEqualTo(t.trained().classes().size());
        assertSameScores(t);
    }

    /** Every row and class of the held-out set: Vigil's probability, before and after a bundle, against Spark's. */
    private static void assertSameScores(SparkBackend.Trained t) throws Exception {
        TrainedModel vigil = t.trained();
        FeatureMatrix x = vigil.features(test);
        double[][] spark = sparkProbabilities(t.spark(), x);
        double[][] ours = vigil.model().probabilities(x);
        TrainedModel reloaded = ModelBundle.fromBytes(ModelBundle.toBytes(vigil));
        double[][] afterBundle = reloaded.model().probabilities(reloaded.features(test));
        assertThat(ours).hasNumberOfRows(test.rowCount());
        double worst = 0;
        int splitRows = 0;
        for (int row = 0; row < ours.length; row++) {
            for (int k = 0; k < ours[row].length; k++) {
                worst = Math.max(worst, Math.abs(ours[row][k] - spark[row][k]));
                assertThat(afterBundle[row][k]).isEqualTo(ours[row][k]);
            }
            if (spark[row][0] > 0.01 && spark[row][0] < 0.99) splitRows++;
        }
        assertThat(worst).as("largest difference from Spark's probability").isLessThan(TOLERANCE);
        assertThat(splitRows).as("rows the model is unsure of: the test is not one of all-0/all-1 scores").isGreaterThan(100);
    }

    /** Spark's own model's probability column for the rows of {@code x} (the features Vigil encoded, as doubles). */
    private static double[][] sparkProbabilities(PredictionModel<?, ?> model, FeatureMatrix x) {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>(x.rows());
        for (int r = 0; r < x.rows(); r++) {
            double[] v = new double[x.cols()];
            for (int c = 0; c < v.length; c++) v[c] = x.get(r, c);
            rows.add(RowFactory.create((double) r, Vectors.dense(v)));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, EncodedRows.SCHEMA);
        List<Row> scored = model.transform(frame).select("label", "probability").collectAsList();
        double[][] out = new double[x.rows()][];
        for (Row row : scored) out[(int) row.getDouble(0)] = ((Vector) row.get(1)).toArray();
        return out;
    }
}
