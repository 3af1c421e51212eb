package io.vigil.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.engine.ModelJson;
import io.vigil.engine.features.Pipeline;
import java.io.Serial;
import io.vigil.engine.algorithms.TrainingRows;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Encodes a partition of raw rows (the pipeline's inputs, then the label, as text; each with its index in the file)
 * with Vigil's fitted pipeline into {@code (label, features)}: the same encoding the in-process engine and serving
 * use. Only the rows that train are kept ({@link TrainingRows#trains}: a label, not held out); every row read is
 * counted, so the driver can check it read the whole dataset. It travels to Spark's executors as the pipeline's JSON (the form a bundle keeps it
 * in), not as a Java object of Vigil's; executors need the vigil-engine jar.
 */
final class EncodedRows implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private final String pipelineJson;
    private final TrainingRows trainingRows;
    private final LongAccumulator read;
    private transient Pipeline pipeline;

    EncodedRows(Pipeline pipeline, TrainingRows trainingRows, LongAccumulator read) {
        this.trainingRows = trainingRows;
        this.read = read;
        try {
            this.pipelineJson = ModelJson.MAPPER.writeValueAsString(pipeline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the pipeline cannot be written as JSON", e);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) throws Exception {
        if (pipeline == null) pipeline = ModelJson.MAPPER.readValue(pipelineJson, Pipeline.class);
        int inputs = pipeline.inputs().size();
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) next = encoded(rows.next());
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row out = next;
                next = null;
                return out;
            }

            /** The row encoded, or null when it does not train. */
            private Row encoded(Tuple2<Row, Long> indexed) {
                read.add(1);
                Row row = indexed._1();
                String label = trainingRows.label(row.isNullAt(inputs) ? null : row.getString(inputs));
                if (!trainingRows.trains(indexed._2(), label)) return null;
                String[] cells = new String[inputs];
                for (int i = 0; i < inputs; i++) cells[i] = row.isNullAt(i) ? null : row.getString(i);
                float[] x = pipeline.encodeRow(cells);
                double[] features = new double[x.length];
                for (int i = 0; i < x.length; i++) features[i] = x[i];
                return RowFactory.create((double) pipeline.classIndex(label), Vectors.dense(features));
            }
        };
    }
}
