package io.vigil.spark;

import io.vigil.engine.algorithms.TrainingRows;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a training's rows where they lie with Spark's CSV reader: a local file, or an object in S3 through Hadoop's
 * S3A connector (vigil-spark carries hadoop-aws). Every column is read as text, named as the dataset names it (the
 * header line, when there is one, is skipped, not trusted: the dataset's stored columns are the names), so cells reach
 * the pipeline as a {@code TableReader} gives them to the in-process engine.
 */
final class TrainingFiles {
    private TrainingFiles() {
    }

    static Dataset<Row> read(SparkSession spark, TrainingRows rows) {
        configure(spark.sparkContext().hadoopConfiguration(), rows.readerSettings());
        StructType schema = new StructType();
        for (String name : rows.columns()) schema = schema.add(name, DataTypes.StringType, true);
        return spark.read().schema(schema)
                .option("header", Boolean.toString(rows.header()))
                .option("enforceSchema", "true")
                .option("sep", String.valueOf(rows.delimiter()))
                .option("quote", "\"").option("escape", "\"")
                .option("encoding", "UTF-8")
                .option("multiLine", Boolean.toString(rows.multiLine()))
                .option("mode", "FAILFAST")
                .csv(rows.location().toString());
    }

    /**
     * The reader's settings (an S3 bucket's endpoint and credentials, scoped to that bucket by S3A's
     * {@code fs.s3a.bucket.<name>.*} keys) on the session's Hadoop configuration, where every read of the session finds
     * them. Never logged: they may hold a secret.
     */
    private static void configure(Configuration hadoop, Map<String, String> settings) {
        synchronized (hadoop) {
            settings.forEach(hadoop::set);
        }
    }
}
