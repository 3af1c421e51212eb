package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.datasets.ConcatRequest;
import io.vigil.server.jobs.JobsApi;
import io.vigil.server.models.DeployRequest;
import io.vigil.server.models.ModelRequest;
import io.vigil.server.models.TrainRequest;
import io.vigil.server.models.ValidateRequest;
import io.vigil.server.serving.api.PredictRequest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON reader's failures reach a caller as 400/413 problems in the caller's terms: the field's
 * path and JSON's words, never a Java type, a class of ours or a library's name. Fuzzed: wrong kinds
 * for every field of every request record (nested ones too), and bodies broken every way we know.
 */
class JsonBodiesTest {
    private static final List<Class<?>> REQUESTS = List.of(ModelRequest.class, TrainRequest.class, ValidateRequest.class,
            DeployRequest.class, ConcatRequest.class, JobsApi.PriorityChange.class, PredictRequest.class);
    /** Library and Java words, in any case. */
    private static final Pattern LIBRARY_WORDS = Pattern.compile(
            "(?i)java|jackson|fasterxml|databind|deserializ|io\\.vigil|streamread|jsonread|\\w+feature\\b|fail_on|allow_|exception|"
            + "redacted|`|\\bclass\\b|\\bcoerc|\\btoken\\b|\\bbean\\b|\\bcreator\\b|\\bpojo\\b");
    /** Java type names and parser token names, as Java writes them. */
    private static final Pattern JAVA_NAMES = Pattern.compile("\\b(String|Integer|Long|Double|Float|Boolean|Object|Map|List|"
            + "ArrayList|LinkedHashMap|HashMap|BigInteger|BigDecimal|Number|Instances|Binarize|Tuning|ModelRequest|TrainRequest|"
            + "ValidateRequest|DeployRequest|ConcatRequest|PriorityChange|PredictRequest|START_OBJECT|START_ARRAY|END_OBJECT|"
            + "END_ARRAY|FIELD_NAME|VALUE_\\w+)\\b");

    @Test
    void everyFieldOfEveryRequestGivenTheWrongKindIsNamedWithWhatItMustBe() {
        int bodies = 0;
        for (Class<?> type : REQUESTS) {
            for (Case c : wrongKinds(type, "")) {
                ApiException e = refused(c.body(), type);
                assertThat(e.status()).as(c.body()).isEqualTo(400);
                assertThat(e.errors()).as(c.body()).hasSize(1);
                assertThat(e.errors().get(0).field()).as(c.body()).startsWith(c.field());
                assertThat(e.errors().get(0).message()).as(c.body()).containsAnyOf("must be", "unknown field", "must not");
                bodies++;
            }
        }
        assertThat(bodies).as("wrong-kind bodies tried").isGreaterThan(300);
    }

    @Test
    void brokenBodiesAreRefusedInTheCallersTerms() {
        for (byte[] body : brokenBodies()) {
            for (Class<?> type : REQUESTS) {
                ApiException e = refused(body, type);
                assertThat(e.status()).as(new String(body, StandardCharsets.UTF_8)).isIn(400, 413);
            }
        }
    }

    @Test
    void aNullBodyIsNoObject() {
        for (Class<?> type : REQUESTS) {
            assertThat(refused("null", type).detail()).isEqualTo("the body must be a JSON object; got null");
            assertThat(refused(" null ", type).status()).isEqualTo(400);
        }
        assertThat(refused("[]", ModelRequest.class).detail()).isEqualTo("the body must be a JSON object; got an array");
    }

    @Test
    void nothingMayFollowTheDocument() {
        assertThat(refused("{}garbage", ModelRequest.class).detail()).startsWith("the body is not valid JSON: unexpected word 'garbage'");
        assertThat(refused("{}{}", ModelRequest.class).detail()).startsWith("the body goes on after its JSON object ends (line 1, column 3)");
        assertThat(refused("{} 5", TrainRequest.class).detail()).startsWith("the body goes on after its JSON object ends");
    }

    @Test
    void scalarsAreNotCoercedIntoOtherKinds() {
        assertThat(field(refused("{\"modelName\": 1e309}", ModelRequest.class)))
                .isEqualTo(new FieldError("modelName", "must be a string; got 1e309 (a number)"));
        assertThat(field(refused("{\"modelName\": true}", ModelRequest.class)))
                .isEqualTo(new FieldError("modelName", "must be a string; got true (a boolean)"));
        assertThat(field(refused("{\"priority\": 1.5}", TrainRequest.class)))
                .isEqualTo(new FieldError("priority", "must be an integer; got 1.5 (a number)"));
        assertThat(field(refused("{\"priority\": NaN}", TrainRequest.class)).message()).startsWith("must be an integer; got NaN");
        assertThat(field(refused("{\"priority\": \"\"}", TrainRequest.class)))
                .isEqualTo(new FieldError("priority", "must be an integer; got \"\" (a string)"));
        assertThat(field(refused("{\"seed\": \"7\"}", TrainRequest.class)))
                .isEqualTo(new FieldError("seed", "must be an integer; got \"7\" (a string)"));
        assertThat(field(refused("{\"seed\": 1e3}", TrainRequest.class)).field()).isEqualTo("seed");
        assertThat(field(refused("{\"priority\": 99999999999}", TrainRequest.class))).isEqualTo(new FieldError("priority",
                "must be an integer from -2147483648 to 2147483647; got 99999999999"));
        assertThat(field(refused("{\"predictionCache\": 1}", ModelRequest.class)).field()).isEqualTo("predictionCache");
        assertThat(field(refused("{\"datasetId\": 5}", TrainRequest.class)).message()).startsWith("must be a UUID string");
        assertThat(field(refused("{\"tags\": [\"a\", 1]}", ModelRequest.class))).isEqualTo(new FieldError("tags[1]",
                "must be a string; got 1 (an integer)"));
        assertThat(field(refused("{\"tuning\": {\"folds\": \"3\"}}", TrainRequest.class)).field()).isEqualTo("tuning.folds");
        assertThat(field(refused("{\"thresholds\": {\"accuracy\": \"high\"}}", ValidateRequest.class)).field())
                .isEqualTo("thresholds.accuracy");
    }

    @Test
    void theReadersLimitsAreClearAndExplicit() {
        String deep = "{\"hyperparameters\": {\"a\": " + "[".repeat(RequestLimits.JSON_DEPTH) + "]".repeat(RequestLimits.JSON_DEPTH) + "}}";
        ApiException depth = refused(deep, ModelRequest.class);
        assertThat(depth.status()).isEqualTo(400);
        assertThat(depth.detail()).isEqualTo("the body nests objects and arrays more than 64 deep");

        ApiException number = refused("{\"seed\": 1" + "0".repeat(RequestLimits.JSON_NUMBER_LENGTH) + "}", TrainRequest.class);
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.detail()).isEqualTo("a number in the body is longer than 100 characters");

        ApiException string = refused("{\"description\": \"" + "x".repeat(RequestLimits.JSON_STRING_LENGTH + 1) + "\"}",
                ModelRequest.class);
        assertThat(string.status()).isEqualTo(413);
        assertThat(string.detail()).isEqualTo("a string in the body is longer than 1000000 characters");

        ApiException name = refused("{\"hyperparameters\": {\"" + "n".repeat(RequestLimits.JSON_NAME_LENGTH + 1) + "\": 1}}",
                ModelRequest.class);
        assertThat(name.detail()).isEqualTo("a member name in the body is longer than 1000 characters");

        // within the limits all is read
        String nested = "{\"hyperparameters\": {\"a\": " + "[".repeat(RequestLimits.JSON_DEPTH - 2) + "]".repeat(RequestLimits.JSON_DEPTH - 2) + "}}";
        assertThat(JsonBodies.read(nested.getBytes(StandardCharsets.UTF_8), ModelRequest.class).hyperparameters()).containsKey("a");
    }

    @Test
    void badUtf8AndBadSyntaxSayWhereAndWhatInJsonTerms() {
        assertThat(refused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}, ModelRequest.class).detail())
                .startsWith("the body is not valid JSON: it is not UTF-8 text");
        assertThat(refused("{\"modelName\": \"x\", /* c */ \"a\": 1}", ModelRequest.class).detail())
                .isEqualTo("the body is not valid JSON: it has a comment, which JSON does not allow (line 1, column 20)");
        assertThat(refused("{'modelName': 'x'}", ModelRequest.class).detail())
                .startsWith("the body is not valid JSON: unexpected character ' (strings and names take double quotes)");
        assertThat(refused("{\"datasetId\":", TrainRequest.class).detail())
                .startsWith("the body is not valid JSON: it ends before its last object, array or string is closed");
    }

    @Test
    void aNumberFieldStillReadsNanForItsOwnCheckAndPredictionsKeepTheirNans() {
        assertThat(JsonBodies.read("{\"trainTestSplit\": NaN}".getBytes(StandardCharsets.UTF_8), TrainRequest.class).trainTestSplit())
                .isNaN();
        PredictRequest p = JsonBodies.read("{\"features\": {\"bytes\": NaN, \"rate\": -Infinity}}".getBytes(StandardCharsets.UTF_8),
                PredictRequest.class);
        assertThat(p.features()).containsEntry("bytes", Double.NaN).containsEntry("rate", Double.NEGATIVE_INFINITY);
    }

    @Test
    void anOverlongNulReadsAsNulWhichTheFieldChecksRefuse() {
        // the reader decodes C0 80 (not UTF-8) as U+0000; checks run on decoded text, so it still cannot reach storage
        ModelRequest r = JsonBodies.read(bytes("{\"description\": \"", new byte[] {(byte) 0xc0, (byte) 0x80}, "\"}"), ModelRequest.class);
        assertThat(r.description()).isEqualTo("\u0000");
        FieldErrors errors = new FieldErrors();
        assertThat(errors.text("description", r.description(), 100)).isFalse();
        assertThat(errors.list()).extracting(FieldError::field).containsExactly("description");
    }

    // ---- the fuzz

    record Case(String body, String field) {}

    /** For each component of {@code type}: bodies giving it every kind of JSON value it cannot take. */
    private static List<Case> wrongKinds(Class<?> type, String prefix) {
        List<Case> cases = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String field = prefix + c.getName();
            for (String value : wrongValues(c.getType(), c.getGenericType())) {
                cases.add(new Case(wrap(field, value), field));
            }
            if (c.getType().isRecord()) {
                cases.addAll(wrongKinds(c.getType(), field + "."));
            }
        }
        return cases;
    }

    private static String wrap(String path, String value) {
        String body = value;
        List<String> parts = List.of(path.split("\\."));
        for (int i = parts.size() - 1; i >= 0; i--) {
            body = "{\"" + parts.get(i) + "\": " + body + "}";
        }
        return body;
    }

    private static List<String> wrongValues(Class<?> type, Type generic) {
        List<String> notScalars = List.of("{}", "[]", "[1]", "{\"a\": 1}");
        if (type == String.class) {
            return with(notScalars, "1", "-2.5", "1e309", "true", "false");
        }
        if (type == Integer.class || type == Long.class) {
            return with(notScalars, "\"1\"", "\"\"", "1.5", "1.0", "NaN", "Infinity", "-Infinity", "1e400", "99999999999999999999999",
                    "true");
        }
        if (type == Double.class) {
            return with(notScalars, "\"0.2\"", "\"\"", "true"); // "NaN" reads as NaN, which the field's range refuses
        }
        if (type == Boolean.class) {
            return with(notScalars, "\"yes\"", "\"true\"", "1", "0", "\"\"");
        }
        if (type == UUID.class) {
            return with(notScalars, "5", "1.5", "\"\"", "\"not-a-uuid\"", "true", "\"" + "f".repeat(2000) + "\"");
        }
        if (Collection.class.isAssignableFrom(type)) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            List<String> values = new ArrayList<>(List.of("\"x\"", "5", "{}", "true", "{\"a\": [1]}"));
            if (element == String.class) {
                values.addAll(List.of("[1]", "[true]", "[{}]", "[[]]", "[\"ok\", 2.5]"));
            } else if (element == UUID.class) {
                values.addAll(List.of("[\"x\"]", "[1]", "[{}]"));
            }
            return values;
        }
        if (Map.class.isAssignableFrom(type)) {
            List<String> values = new ArrayList<>(List.of("\"x\"", "5", "[]", "true", "[{\"a\": 1}]"));
            if (generic instanceof ParameterizedType p) {
                Type value = p.getActualTypeArguments()[1];
                if (value == Double.class) {
                    values.addAll(List.of("{\"a\": \"x\"}", "{\"a\": true}", "{\"a\": {}}", "{\"a\": []}"));
                } else if (value instanceof ParameterizedType list && list.getRawType() == List.class) {
                    values.addAll(List.of("{\"a\": 5}", "{\"a\": \"x\"}", "{\"a\": {}}"));
                }
            }
            return values;
        }
        if (type.isRecord()) {
            return List.of("\"x\"", "5", "[]", "true", "{\"nope\": 1}");
        }
        return List.of("\"x\"", "5", "true", "{}", "-1.5"); // a reader of the serving's own (instances: a list of records)
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static List<byte[]> brokenBodies() {
        List<String> texts = new ArrayList<>(List.of("", "null", "[]", "\"x\"", "5", "true", "{", "}", "{\"modelName\":",
                "{\"modelName\": \"x\"", "{}garbage", "{}{}", "{} 5", "{}]", "{'a': 1}", "{\"a\": 1,}", "{,}", "{/* c */}", "// c\n{}",
                "{\"a\" 1}", "{\"a\": 01}", "{\"a\": -}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": 0x10}", "{\"a\": +1}",
                "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\u0001\"}", "{\"a\": \"tab\there\"}", "{\"a\": tru}",
                "{\"a\": nul}", "{\"a\": undefined}", "{a: 1}", "{\"a\": [1, 2}", "{\"a\": {]}", "\uFEFF{}x",
                "{\"priority\": 1" + "0".repeat(5000) + "}", "{\"seed\": 1e99999999}", "{\"seed\": -1e-99999999}",
                "{\"hyperparameters\": " + "{\"a\": ".repeat(5000) + "1" + "}".repeat(5000) + "}",
                "{\"tags\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}", "[".repeat(10_000),
                "{\"description\": \"" + "x".repeat(RequestLimits.JSON_STRING_LENGTH + 10) + "\"}",
                "{\"" + "k".repeat(60_000) + "\": 1}"));
        List<byte[]> bodies = new ArrayList<>();
        texts.forEach(t -> bodies.add(t.getBytes(StandardCharsets.UTF_8)));
        bodies.add(bytes("{\"modelName\": \"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}")); // no UTF-8 at all
        bodies.add(bytes("{\"modelName\": \"", new byte[] {(byte) 0xe2, (byte) 0x82}, "\"}")); // cut short
        bodies.add(bytes("{\"modelName\": \"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}")); // a surrogate
        bodies.add(bytes("{\"modelName\": \"", new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, "\"}"));
        bodies.add(bytes("{\"modelName\": \"x\"}", new byte[] {0}, ""));
        bodies.add(new byte[] {0, 0, 0, '{'}); // looks like UTF-32
        bodies.add(new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{'}); // UTF-16, cut short
        return bodies;
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static ApiException refused(String body, Class<?> type) {
        return refused(body.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Reads {@code body}, which must fail with a problem free of internals. */
    private static ApiException refused(byte[] body, Class<?> type) {
        String shown = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8) + " as " + type.getSimpleName();
        VigilException thrown = catchThrowableOfType(VigilException.class, () -> JsonBodies.read(body, type));
        assertThat(thrown).as("refused: " + shown).isNotNull();
        ApiException e = ErrorMapper.problemOf(thrown); // as the client would get it
        List<String> texts = new ArrayList<>();
        texts.add(e.title());
        texts.add(e.detail());
        e.errors().forEach(f -> {
            texts.add(f.field());
            texts.add(f.message());
        });
        for (String text : texts) {
            assertThat(LIBRARY_WORDS.matcher(text).find()).as(shown + " → " + text).isFalse();
            assertThat(JAVA_NAMES.matcher(text).find()).as(shown + " → " + text).isFalse();
        }
        assertThat(e.detail().length()).as(shown).isLessThan(500);
        return e;
    }

    private static FieldError field(ApiException e) {
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }
}
