package io.vigil.engine.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vigil.engine.table.Column;
import java.util.List;

/**
 * A fitted transformation of one input column into {@link #width()} consecutive features.
 * Stored as JSON inside the model bundle; the {@code type} property names the implementation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericEncoder.class, name = "numeric"),
        @JsonSubTypes.Type(value = OneHotEncoder.class, name = "one_hot"),
        @JsonSubTypes.Type(value = OrdinalEncoder.class, name = "ordinal")
})
public sealed interface FeatureEncoder permits NumericEncoder, OneHotEncoder, OrdinalEncoder {

    /** The input column this encoder reads. */
    String column();

    /** Names of the features it writes, {@link #width()} of them. */
    List<String> outputNames();

    default int width() {
        return outputNames().size();
    }

    /**
     * Encodes one raw value (Number, String, Boolean or null for missing) into
     * {@code out[offset .. offset + width)}.
     */
    void encodeValue(Object value, float[] out, int offset);

    /** Encodes a whole column into a row-major matrix with {@code stride} features per row. */
    void encodeColumn(Column column, float[] out, int stride, int offset);
}
