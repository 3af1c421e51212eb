package io.vigil.spark;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.RemoteTraining;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingRows;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The test run's one Spark session ({@code spark.master} is {@code local[2]}, set by the pom for
 * the test JVM), shared by every test class and by the servers they start: made once, never stopped
 * before the JVM ends.
 */
final class TestSpark {
    private TestSpark() {
    }

    static SparkSession session() {
        return SparkSessions.get();
    }

    /** A remote training of {@code table} as the server makes it: the backend's pipeline fitted, the rows written as CSV. */
    static RemoteTraining request(Table table, String target, String algorithm, Map<String, ?> params, long seed, Path dir,
                                  String... drop) {
        Trainer trainer = Algorithms.trainer(algorithm);
        PipelineSpec spec = new SparkBackend().pipeline(trainer.defaultPipeline(target)).withDrop(drop);
        Pipeline pipeline = Pipeline.fit(table, Training.withPositiveClassSettled(table, trainer, spec));
        Hyperparameters hp = trainer.validate(params);
        try {
            Path csv = Files.createTempFile(dir, "rows-", ".csv");
            TableCsv.write(table, csv);
            TrainingRows rows = new TrainingRows(csv.toUri(), Map.of(), true, ',', false, table.columnNames(), target, null, null, 0, seed,
                    table.rowCount());
            return new RemoteTraining(rows, pipeline, algorithm, hp, TrainingContext.of(seed).withThreads(2),
                    table.contentSha256(), table.rowCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
