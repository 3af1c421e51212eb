package io.vigil.spark;

import io.vigil.engine.algorithms.EngineVersion;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Provenance;
import io.vigil.engine.algorithms.RemoteTraining;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.TrainingBackend;
import io.vigil.engine.algorithms.TrainingCancelledException;
import io.vigil.engine.algorithms.TrainingRows;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.features.Imputation;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training on Apache Spark: the rows are read from their location by Spark ({@link TrainingFiles}), encoded on its
 * executors by Vigil's fitted pipeline, trained by MLlib (gradient-boosted trees for two classes,
 * random forests for two or more) and converted into a normal Vigil model ({@link SparkTrees}).
 * Registered as the {@code spark} {@link TrainingBackend}.
 */
public final class SparkBackend implements TrainingBackend {
    public static final String NAME = "spark";
    private static final Logger log = LoggerFactory.getLogger(SparkBackend.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return SparkSessions.master();
    }

    @Override
    public List<String> problems(String algorithm, Hyperparameters params) {
        return SparkEstimators.problems(algorithm, params);
    }

    /** MLlib's trees take no missing value: the median is imputed, in training and in serving alike. */
    @Override
    public PipelineSpec pipeline(PipelineSpec engineDefault) {
        return engineDefault.imputation() == Imputation.NATIVE ? engineDefault.withImputation(Imputation.MEDIAN) : engineDefault;
    }

    @Override
    public TrainedModel train(RemoteTraining r) {
        return trainKeepingSparkModel(r).trained();
    }

    /** A training's result, and the Spark model it was converted from (what the exactness test compares with). */
    record Trained(TrainedModel trained, PredictionModel<?, ?> spark) {}

    Trained trainKeepingSparkModel(RemoteTraining r) {
        List<String> problems = problems(r.algorithm(), r.params());
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        Pipeline pipeline = r.pipeline();
        if (r.algorithm().equals(GradientBoostingTrainer.NAME) && pipeline.classes().size() != 2) {
            throw new IllegalArgumentException("Spark MLlib's gradient-boosted trees learn two classes, '" + pipeline.target() + "' has "
                    + pipeline.classes().size() + ": train a random_forest on Spark, or gbm in process");
        }
        long start = System.nanoTime();
        r.context().cancellation().check();
        SparkSession spark = SparkSessions.get();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String group = "vigil-" + UUID.randomUUID();
        sc.setJobGroup(group, "Vigil " + r.algorithm() + " training", true);
        Dataset<Row> encoded = null;
        try (JobWatch watch = new JobWatch(sc, group, r.context(), expectedJobs(r))) {
            try {
                encoded = encoded(spark, sc, r);
                Trained fitted = fit(r, encoded);
                r.context().cancellation().check();
                log.atInfo().setMessage("Spark training done").addKeyValue("algorithm", r.algorithm()).addKeyValue("rows", r.rowCount())
                        .addKeyValue("master", sc.master()).addKeyValue("sparkJobs", watch.jobsDone()).addKeyValue("expectedJobs", expectedJobs(r))
                        .addKeyValue("millis", (System.nanoTime() - start) / 1_000_000).log();
                return new Trained(new TrainedModel(pipeline, fitted.trained().model(), provenance(r, sc, start), Map.of()), fitted.spark());
            } catch (RuntimeException e) {
                if (watch.cancelled() || r.context().cancellation().isCancelled()) throw new TrainingCancelledException();
                throw e;
            }
        } finally {
            if (encoded != null) encoded.unpersist();
            sc.clearJobGroup();
        }
    }

    /**
     * The training rows read where they lie, indexed in file order, filtered to those that train (a label, not held out:
     * the same test the server sampled them with), encoded with the pipeline and spread over the cluster's cores.
     */
    private static Dataset<Row> encoded(SparkSession spark, JavaSparkContext sc, RemoteTraining r) {
        Pipeline pipeline = r.pipeline();
        TrainingRows rows = r.rows();
        Dataset<Row> raw = TrainingFiles.read(spark, rows);
        List<Column> columns = new ArrayList<>();
        for (String name : pipeline.inputNames()) columns.add(column(rows, name));
        columns.add(column(rows, pipeline.target()));
        LongAccumulator read = sc.sc().longAccumulator("vigil rows read");
        // indices in file order: zipWithIndex numbers the partitions' rows in order, before anything moves them
        JavaRDD<Row> trainingRows = raw.select(columns.toArray(Column[]::new)).javaRDD().zipWithIndex()
                .mapPartitions(new EncodedRows(pipeline, rows, read));
        JavaRDD<Row> spread = trainingRows.repartition(Math.max(sc.defaultParallelism(), trainingRows.getNumPartitions()));
        Dataset<Row> encoded = spark.createDataFrame(spread, EncodedRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        long count = encoded.count();
        if (rows.fileRows() >= 0 && read.value() != rows.fileRows()) {
            throw new IllegalArgumentException("Spark read " + read.value() + " rows at " + rows.location() + ", the dataset has "
                    + rows.fileRows());
        }
        if (count != r.rowCount()) {
            throw new IllegalArgumentException("Spark found " + count + " training rows at " + rows.location() + ", the server counted "
                    + r.rowCount());
        }
        log.atInfo().setMessage("Spark read the training rows").addKeyValue("location", rows.location()).addKeyValue("rowsRead", read.value())
                .addKeyValue("trainingRows", count).log();
        return encoded;
    }

    private static Column column(TrainingRows rows, String name) {
        if (!rows.columns().contains(name)) {
            throw new IllegalArgumentException("the rows at the training location have no column '" + name + "'");
        }
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /** The Spark model and its conversion (as a model without pipeline or provenance yet). */
    private static Trained fit(RemoteTraining r, Dataset<Row> encoded) {
        List<String> classes = r.pipeline().classes();
        long seed = r.context().seed();
        if (r.algorithm().equals(GradientBoostingTrainer.NAME)) {
            GBTClassificationModel gbt = SparkEstimators.gradientBoosting(r.params(), seed).fit(encoded);
            return converted(r, SparkTrees.gradientBoosting(r.algorithm(), classes, gbt), gbt);
        }
        RandomForestClassificationModel rf = SparkEstimators.randomForest(r.params(), seed).fit(encoded);
        return converted(r, SparkTrees.randomForest(RandomForestTrainer.NAME, classes, rf), rf);
    }

    private static Trained converted(RemoteTraining r, TreeEnsembleModel model, PredictionModel<?, ?> spark) {
        Provenance none = new Provenance(r.algorithm(), Map.of(), null, 0, 0, Map.of(), null, 0);
        return new Trained(new TrainedModel(r.pipeline(), model, none, Map.of()), spark);
    }

    /**
     * About how many Spark jobs a fit runs: reading and counting, then one per tree level (of each round, for GBT).
     * Measured: gbm, 100 rounds of depth 4 on NSL-KDD, 407 jobs.
     */
    private static int expectedJobs(RemoteTraining r) {
        int depth = r.params().getInt("max_depth");
        return r.algorithm().equals(GradientBoostingTrainer.NAME) ? 7 + r.params().getInt("rounds") * depth : 7 + depth;
    }

    private static Provenance provenance(RemoteTraining r, JavaSparkContext sc, long start) {
        Map<String, String> versions = new HashMap<>();
        versions.put("spark", sc.version());
        versions.put("spark.master", sc.master());
        versions.put("scala", scala.util.Properties.versionNumberString());
        versions.put("vigil-engine", EngineVersion.get());
        versions.put("java", System.getProperty("java.version"));
        return new Provenance(r.algorithm(), r.params().asMap(), r.dataSha256(), r.rowCount(), r.context().seed(), versions,
                r.context().clock().instant().toString(), (System.nanoTime() - start) / 1_000_000);
    }
}
