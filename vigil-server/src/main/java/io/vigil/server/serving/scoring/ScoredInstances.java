package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.serving.models.ModelRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A batch of records read by columns, after scoring: record r was scored as row
 * {@code scoredRow[r]} of {@code scored}, or (-1) refused with {@code errors.get(r)}.
 * {@code inputNames} are the model's inputs, named once in the answer when a record had a field
 * the model does not know.
 */
public record ScoredInstances(int[] scoredRow, List<List<FieldError>> errors, ScoredTable scored, List<String> inputNames) {

    int count() {
        return scoredRow.length;
    }

    int failed() {
        return count() - scored.rows();
    }

    /**
     * The answer as JSON, written straight from the arrays: the same document a {@link BatchResult}
     * of {@link PredictionResult}s and {@link RowOutcome}s makes.
     */
    public byte[] toJson() {
        ScoredInstances batch = this;
        ScoredTable s = scored;
        ScoredRows o = s.outputs();
        List<String> classes = o.classes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.count() * (120 + 40 * classes.size()));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("model");
            writeRef(g, s.model());
            g.writeNumberField("count", batch.count());
            g.writeNumberField("failed", batch.failed());
            g.writeBooleanField("partial", batch.failed() > 0);
            if (anyUnknownField()) {
                g.writeArrayFieldStart("modelInputs");
                for (String name : inputNames) {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            FeatureErrors.Listing listing = new FeatureErrors.Listing();
            g.writeArrayFieldStart("predictions");
            for (int r = 0; r < batch.count(); r++) {
                int k = batch.scoredRow()[r];
                if (k < 0) {
                    g.writeObject(new RowOutcome(r, listing.rowError(batch.errors().get(r))));
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("predictionId", Uuids.inBlock(s.firstId(), k).toString());
                g.writeStringField("label", o.label(k));
                g.writeObjectFieldStart("probabilities");
                for (int c = 0; c < classes.size(); c++) {
                    g.writeNumberField(classes.get(c), o.probability(k, c));
                }
                g.writeEndObject();
                g.writeNumberField("confidence", o.confidence(k));
                if (o.hasAnomalyScores()) {
                    g.writeNumberField("anomalyScore", o.anomalyScore(k));
                    g.writeBooleanField("anomaly", o.isAnomaly(k));
                }
                g.writeFieldName("model");
                writeRef(g, s.model());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private boolean anyUnknownField() {
        for (List<FieldError> e : errors) {
            if (e != null && FeatureErrors.anyUnknown(e)) {
                return true;
            }
        }
        return false;
    }

    private static void writeRef(JsonGenerator g, ModelRef ref) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", ref.id().toString());
        g.writeStringField("name", ref.name());
        g.writeNumberField("version", ref.version());
        g.writeEndObject();
    }

}
