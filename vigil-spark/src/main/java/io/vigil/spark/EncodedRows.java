package io.vigil.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.engine.ModelJson;
import io.vigil.engine.features.Pipeline;
import java.io.Serial;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Encodes a partition of raw rows (the pipeline's inputs, then the label, as text) with Vigil's
 * fitted pipeline into {@code (label, features)}: the same encoding the in-process engine and
 * serving use. It travels to Spark's executors as the pipeline's JSON (the form a bundle keeps it
 * in), not as a Java object of Vigil's; executors need the vigil-engine jar.
 */
final class EncodedRows implements FlatMapFunction<Iterator<Row>, Row> {
    @Serial
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private final String pipelineJson;
    private transient Pipeline pipeline;

    EncodedRows(Pipeline pipeline) {
        try {
            this.pipelineJson = ModelJson.MAPPER.writeValueAsString(pipeline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the pipeline cannot be written as JSON", e);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
        if (pipeline == null) pipeline = ModelJson.MAPPER.readValue(pipelineJson, Pipeline.class);
        int inputs = pipeline.inputs().size();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                String[] cells = new String[inputs];
                for (int i = 0; i < inputs; i++) cells[i] = row.isNullAt(i) ? null : row.getString(i);
                float[] x = pipeline.encodeRow(cells);
                double[] features = new double[x.length];
                for (int i = 0; i < x.length; i++) features[i] = x[i];
                String label = row.isNullAt(inputs) ? null : row.getString(inputs);
                if (label == null) throw new IllegalArgumentException("a training row has no label in '" + pipeline.target() + "'");
                return RowFactory.create((double) pipeline.classIndex(label), Vectors.dense(features));
            }
        };
    }
}
