package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Standardisation by hand: (x - mean) / std, and 0 for what is not a number. */
class FeatureVectorsTest {
    private static final List<FeatureScale> SCALES = List.of(new FeatureScale("duration", 10, 4), new FeatureScale("src_bytes", 1000, 500),
            new FeatureScale("count", 2, 0), new FeatureScale("rate", 0.5, 0.25));

    @Test
    void eachFeatureIsStandardisedInTheScalesOrder() {
        float[] v = FeatureVectors.of(SCALES, Map.of("src_bytes", 2000, "duration", 4.0, "count", 7L, "rate", "0.25", "other", 99));
        // (4-10)/4 = -1.5; (2000-1000)/500 = 2; std 0: centred only, 7-2 = 5; a number written as text counts: (0.25-0.5)/0.25 = -1
        assertThat(v).containsExactly(-1.5f, 2f, 5f, -1f);
    }

    @Test
    void missingNonNumericAndNonFiniteValuesAreTheMean() {
        Map<String, Object> input = new HashMap<>();
        input.put("duration", "tcp");
        input.put("src_bytes", null);
        input.put("rate", Double.NaN);
        assertThat(FeatureVectors.of(SCALES, input)).containsExactly(0f, 0f, 0f, 0f);
        assertThat(FeatureVectors.ofRaw(SCALES, new double[] {14, Double.POSITIVE_INFINITY, 2, 1})).containsExactly(1f, 0f, 0f, 2f);
    }

    @Test
    void theFieldNamesTheModelTypeAndItsFeatureList() {
        String field = FeatureVectors.field("nsl-kdd", SCALES);
        assertThat(field).startsWith("fv.nsl-kdd.");
        assertThat(FeatureVectors.field("nsl-kdd", List.of(new FeatureScale("duration", 0, 1), new FeatureScale("src_bytes", 5, 9),
                new FeatureScale("count", 1, 1), new FeatureScale("rate", 3, 3)))).isEqualTo(field); // other scales, same features
        assertThat(FeatureVectors.field("nsl-kdd", SCALES.subList(0, 3))).isNotEqualTo(field);
        assertThat(FeatureVectors.field("cic-ids", SCALES)).isNotEqualTo(field);
    }
}
