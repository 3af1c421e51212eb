package io.vigil.server.eventsearch;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * An event as a Lucene document, and back. Indexed: the id, the filter fields, the time (points for
 * ranges, doc values for newest-first), the standardised feature vector in its model type's field
 * (Euclidean), the text vector (cosine) or, until it is made, the {@code pending} mark. Stored: the
 * event itself (JSON) and the name of its feature field, so a document can be made again from the
 * index alone, when its text vector arrives.
 */
final class EventDocuments {
    static final String ID = "id";
    static final String MODEL_TYPE = "model_type";
    static final String SEVERITY = "severity";
    static final String DIVERGENT = "divergent";
    static final String RULE = "rule";
    static final String RULE_FIRED = "rule_fired";
    static final String AT = "at";
    static final String TEXT_VECTOR = "text_vector";
    static final String PENDING = "pending";
    static final String EVENT = "event";
    static final String FEATURE_FIELD = "feature_field";

    private static final TypeReference<SearchableEvent> STORED_EVENT = new TypeReference<>() {};

    private EventDocuments() {}

    /** The document of {@code e}; {@code featureField}/{@code features} and {@code textVector} may be null. */
    static Document of(SearchableEvent e, String featureField, float[] features, float[] textVector) {
        Document d = new Document();
        d.add(new StringField(ID, e.id().toString(), Field.Store.YES));
        if (e.modelType() != null) d.add(new StringField(MODEL_TYPE, e.modelType(), Field.Store.NO));
        d.add(new StringField(SEVERITY, e.severity(), Field.Store.NO));
        d.add(new StringField(DIVERGENT, Boolean.toString(e.divergent()), Field.Store.NO));
        for (String rule : e.rulesFired()) d.add(new StringField(RULE, rule, Field.Store.NO));
        d.add(new StringField(RULE_FIRED, Boolean.toString(!e.rulesFired().isEmpty()), Field.Store.NO));
        long at = e.at().toEpochMilli();
        d.add(new LongPoint(AT, at));
        d.add(new NumericDocValuesField(AT, at));
        if (featureField != null && features != null) {
            d.add(new KnnFloatVectorField(featureField, features, VectorSimilarityFunction.EUCLIDEAN));
            d.add(new StoredField(FEATURE_FIELD, featureField));
        }
        if (textVector != null) {
            d.add(new KnnFloatVectorField(TEXT_VECTOR, textVector, VectorSimilarityFunction.COSINE));
        } else {
            d.add(new StringField(PENDING, "1", Field.Store.NO));
        }
        d.add(new StoredField(EVENT, new BytesRef(Json.bytes(e))));
        return d;
    }

    /** The event stored in a document. */
    static SearchableEvent event(Document d) {
        BytesRef b = d.getBinaryValue(EVENT);
        return Json.read(new String(b.bytes, b.offset, b.length, StandardCharsets.UTF_8), STORED_EVENT);
    }
}
