package io.vigil.server.serving.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.ModelRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A batch of records read by columns, after scoring: record r was scored as row
 * {@code scoredRow[r]} of {@code scored}, or (-1) refused with {@code errors.get(r)}, or
 * ({@link #OTHER_ARM}) left to another arm of an experiment. {@code inputNames} are the model's
 * inputs, named once in the answer when a record had a field the model does not know; {@code arm}
 * the experiment's arm that scored these records (null without an experiment).
 */
public record ScoredInstances(int[] scoredRow, List<List<FieldError>> errors, ScoredTable scored, List<String> inputNames,
                              ExperimentArm arm) {
    /** A record another arm of the experiment scores. */
    public static final int OTHER_ARM = -2;

    public ScoredInstances(int[] scoredRow, List<List<FieldError>> errors, ScoredTable scored, List<String> inputNames) {
        this(scoredRow, errors, scored, inputNames, null);
    }

    /** The records this part answers. */
    int count() {
        int n = 0;
        for (int k : scoredRow) {
            n += k == OTHER_ARM ? 0 : 1;
        }
        return n;
    }

    int failed() {
        return count() - scored.rows();
    }

    /** The answer as JSON: the same document a {@link BatchResult} of {@link PredictionResult}s and {@link RowOutcome}s makes. */
    public byte[] toJson() {
        return toJson(List.of(this));
    }

    /**
     * The answer of a batch an experiment split between arms, in request order, written straight
     * from the arrays: each record from the part that scored it. The first part names the model
     * at the top (the slot's champion); each prediction names its own model and arm.
     */
    public static byte[] toJson(List<ScoredInstances> parts) {
        ScoredInstances first = parts.get(0);
        int records = first.scoredRow.length;
        int count = 0;
        int failed = 0;
        boolean unknownFields = false;
        for (ScoredInstances part : parts) {
            count += part.count();
            failed += part.failed();
            unknownFields |= part.anyUnknownField();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records * (120 + 40 * first.scored.outputs().classCount()));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("model");
            writeRef(g, first.scored.model());
            g.writeNumberField("count", count);
            g.writeNumberField("failed", failed);
            g.writeBooleanField("partial", failed > 0);
            if (unknownFields) {
                g.writeArrayFieldStart("modelInputs");
                for (String name : first.inputNames) {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            FeatureErrors.Listing listing = new FeatureErrors.Listing();
            g.writeArrayFieldStart("predictions");
            for (int r = 0; r < records; r++) {
                for (ScoredInstances part : parts) {
                    if (part.scoredRow[r] != OTHER_ARM) {
                        part.writeRecord(g, r, listing);
                        break;
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * The same answer as a {@link BatchResult} of {@link PredictionResult}s and {@link RowOutcome}s, in
     * record order: for a caller that reads each answer rather than sending the document (stream scoring).
     */
    public BatchResult results() {
        FeatureErrors.Listing listing = new FeatureErrors.Listing();
        ScoredRows o = scored.outputs();
        List<String> classes = o.classes();
        List<Object> out = new java.util.ArrayList<>(scoredRow.length);
        for (int r = 0; r < scoredRow.length; r++) {
            int k = scoredRow[r];
            if (k < 0) {
                out.add(new RowOutcome(r, listing.rowError(errors.get(r))));
                continue;
            }
            java.util.Map<String, Double> probabilities = new java.util.LinkedHashMap<>(classes.size() * 2);
            for (int c = 0; c < classes.size(); c++) {
                probabilities.put(classes.get(c), o.probability(k, c));
            }
            out.add(new PredictionResult(Uuids.inBlock(scored.firstId(), k), o.label(k), probabilities, o.confidence(k),
                    o.hasAnomalyScores() ? o.anomalyScore(k) : null, o.hasAnomalyScores() ? o.isAnomaly(k) : null, scored.model(), arm,
                    null));
        }
        return new BatchResult(scored.model(), count(), failed(), failed() > 0, anyUnknownField() ? inputNames : null, out);
    }

    private void writeRecord(JsonGenerator g, int r, FeatureErrors.Listing listing) throws IOException {
        int k = scoredRow[r];
        if (k < 0) {
            g.writeObject(new RowOutcome(r, listing.rowError(errors.get(r))));
            return;
        }
        ScoredRows o = scored.outputs();
        List<String> classes = o.classes();
        g.writeStartObject();
        g.writeStringField("predictionId", Uuids.inBlock(scored.firstId(), k).toString());
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
        writeRef(g, scored.model());
        if (arm != null) {
            g.writeObjectField("experiment", arm);
        }
        g.writeEndObject();
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
