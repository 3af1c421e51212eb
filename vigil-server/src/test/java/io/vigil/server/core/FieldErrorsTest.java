package io.vigil.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field checks every request goes through: text PostgreSQL can store, sizes, ranges, each field reported once. */
class FieldErrorsTest {

    @Test
    void eachFieldIsReportedOnceWithItsFirstProblem() {
        FieldErrors errors = new FieldErrors();
        errors.required("modelName", " ", "is required");
        errors.add("modelName", "use letters and digits");
        errors.add("algorithm", "unknown");
        assertThat(errors.list()).containsExactly(new FieldError("modelName", "is required"), new FieldError("algorithm", "unknown"));
        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(VigilException.class, e -> {
            assertThat(e.kind()).isEqualTo(VigilException.Kind.INVALID); // answered 400
            assertThat(e.detail()).isEqualTo("2 fields are invalid");
        });
    }

    @Test
    void namesRefuseEveryControlCharacterAndTextAllOfThemButTabAndLineBreaks() {
        for (String bad : List.of("a\u0000b", "a\u0001", "a\nb", "a\tb", "\u007f", "a\u0085", "a\u009f")) {
            FieldErrors errors = new FieldErrors();
            assertThat(errors.name("name", bad, 100)).as(bad).isFalse();
            assertThat(errors.list().get(0).message()).startsWith("must not contain control characters; found U+");
        }
        FieldErrors errors = new FieldErrors();
        assertThat(errors.text("description", "two\nlines\twith a tab\r\n", 100)).isTrue();
        assertThat(errors.text("description", "a\u0000b", 100)).isFalse();
        assertThat(errors.list()).containsExactly(new FieldError("description",
                "must not contain control characters other than tab and line breaks; found U+0000 at character 2"));
        assertThat(new FieldErrors().name("name", "Ünïcödé ✓ 日本 \uD83D\uDE00", 100)).isTrue();
    }

    @Test
    void unpairedSurrogatesAreNoText() {
        FieldErrors errors = new FieldErrors();
        assertThat(errors.name("name", "a\uD800b", 100)).isFalse();
        assertThat(errors.text("description", "\uDC00", 100)).isFalse();
        assertThat(errors.storable("hyperparameters", Map.of("a", "\uD800"))).isFalse();
        assertThat(errors.list()).extracting(FieldError::message)
                .allMatch(m -> m.contains("must be valid Unicode text; found the unpaired surrogate U+D"));
    }

    @Test
    void lengthsAndSizesAreBounded() {
        FieldErrors errors = new FieldErrors();
        assertThat(errors.text("description", "x".repeat(101), 100)).isFalse();
        assertThat(errors.names("tags", Collections.nCopies(51, "t"), 50, 100)).isFalse();
        assertThat(errors.size("hyperparameters", Map.of("a", 1, "b", 2), 1)).isFalse();
        assertThat(errors.list()).containsExactly(
                new FieldError("description", "must be at most 100 characters; got 101"),
                new FieldError("tags", "must have at most 50 entries; got 51"),
                new FieldError("hyperparameters", "must have at most 1 entries; got 2"));
    }

    @Test
    void aListNamesTheItemThatIsWrong() {
        FieldErrors errors = new FieldErrors();
        List<String> columns = new ArrayList<>(List.of("bytes", " ", "a\u0000"));
        columns.add(null);
        assertThat(errors.names("features", columns, 10, 100)).isFalse();
        assertThat(errors.list()).extracting(FieldError::field).containsExactly("features[1]", "features[2]", "features[3]");
    }

    @Test
    void freeFormJsonMayHoldAnythingButNul() {
        FieldErrors errors = new FieldErrors();
        assertThat(errors.storable("hyperparameters", Map.of("eta", 0.1, "layers", "64\t32", "list", List.of("a", Map.of("b", "c")))))
                .isTrue();
        assertThat(errors.storable("hyperparameters", Map.of("hidden_layers", List.of("64", Map.of("x", "3\u00002"))))).isFalse();
        assertThat(errors.storable("tuning.space", Map.of("na\u0000me", List.of(1)))).isFalse();
        assertThat(errors.list()).containsExactly(
                new FieldError("hyperparameters", "hidden_layers[1].x: must not contain U+0000 (NUL), which cannot be stored;"
                        + " found at character 2"),
                new FieldError("tuning.space", "a name must not contain U+0000 (NUL), which cannot be stored; found at character 3"));
    }

    @Test
    void numbersKeepToTheirRangeAndNanIsNoNumber() {
        FieldErrors errors = new FieldErrors();
        assertThat(errors.number("trainTestSplit", 0.2, 0.01, 0.9)).isTrue();
        assertThat(errors.number("trainTestSplit", null, 0.01, 0.9)).isTrue();
        assertThat(errors.number("trainTestSplit", Double.NaN, 0.01, 0.9)).isFalse();
        assertThat(errors.number("split2", Double.POSITIVE_INFINITY, 0.01, 0.9)).isFalse();
        assertThat(errors.integer("priority", 1001, -1000, 1000)).isFalse();
        assertThat(errors.integer("timeLimitSeconds", 0, 1, 10)).isFalse();
        assertThat(errors.list()).extracting(FieldError::field).containsExactly("trainTestSplit", "split2", "priority",
                "timeLimitSeconds");
        assertThat(errors.list().get(0).message()).isEqualTo("must be a number from 0.01 to 0.9; got NaN");
    }
}
