package io.vigil.server.serving.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.server.core.Json;
import io.vigil.server.serving.api.PredictRequest;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Field names of records matched to a model's inputs by the upload's header rule, and near misses named. */
class FieldNamesTest {
    static LoadedModel model;

    @BeforeAll
    static void train() {
        Random random = new Random(3);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double duration = random.nextDouble() * 10;
            rows.add(new String[] {Integer.toString(random.nextBoolean() ? 22 : 443), Double.toString(duration),
                    Double.toString(random.nextDouble()), duration < 3 ? "attack" : "normal"});
        }
        // the names an upload of a CIC-IDS2017-style header gives: trimmed, the repeated one numbered
        Table table = Table.fromRows(rows.iterator(), List.of("Destination Port", "Flow Duration", "Flow Duration_2", "Label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        TrainedModel trained = Training.of(table, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("Label"))
                .params(Map.of("rounds", 5, "max_depth", 3)).seed(1).threads(1).run();
        model = LoadedModel.of(new ModelRef(UUID.randomUUID(), "m", 1), "intrusion", trained, 1_000, false);
    }

    private static Map<String, Object> record(Object... namesAndValues) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            record.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return record;
    }

    @Test
    void anUnknownNameIsMatchedByItsTrimmedFormAndAnExactOneIsLeftAlone() {
        Map<String, Object> exact = record("Destination Port", 22, "Flow Duration", 1.0, "Flow Duration_2", 0.5);
        assertThat(FieldNames.match(model, exact)).isSameAs(exact);
        Map<String, Object> padded = record(" Destination Port", 22, "Flow Duration\t", 1.0, "Flow Duration_2", 0.5, " Label", "x");
        assertThat(FieldNames.match(model, padded)).containsExactly(Map.entry("Destination Port", 22), Map.entry("Flow Duration", 1.0),
                Map.entry("Flow Duration_2", 0.5), Map.entry("Label", "x"));
        // both forms in one record: nothing renamed, the validator reports the padded one as given twice
        Map<String, Object> twice = record("Destination Port", 22, " Destination Port", 23, "Flow Duration", 1.0, "Flow Duration_2", 0.5);
        assertThat(FieldNames.match(model, twice)).isSameAs(twice);
        assertThat(FeatureValidator.check(model, twice, "features")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("'Destination Port' is given too"));
    }

    @Test
    void aBatchJoinsEachPaddedColumnToItsInputRecordByRecord() throws Exception {
        String body = """
                {"instances": [
                  {" Destination Port": 22, "Flow Duration": 1.0, "Flow Duration_2": 0.5},
                  {"Destination Port": 22, "Flow Duration": 1.0, "Flow Duration_2": 0.5},
                  {"Destination Port": 22, " Destination Port": 443, "Flow Duration": 1.0, "Flow Duration_2": 0.5},
                  {"flow duration": 1.0, "Destination Port": 22, "Flow Duration_2": 0.5}
                ]}""";
        PredictRequest r = Json.MAPPER.readValue(body, PredictRequest.class);
        JsonNode answer = Json.MAPPER.readTree(Predictor.standalone(Clock.systemUTC()).predictInstances(model, r.instances()).toJson());
        JsonNode p = answer.get("predictions");
        assertThat(p.get(0).get("probabilities")).isEqualTo(p.get(1).get("probabilities"));
        assertThat(p.get(2).get("error").get("errors").get(0).get("field").asText()).isEqualTo("instances[2]. Destination Port");
        assertThat(p.get(2).get("error").get("errors").get(0).get("message").asText()).contains("is given too");
        List<String> fields = new ArrayList<>();
        p.get(3).get("error").get("errors").forEach(e -> fields.add(e.get("field").asText() + ": " + e.get("message").asText()));
        assertThat(fields).containsExactly("instances[3].Flow Duration: is required (send null for an unknown value)",
                "instances[3].flow duration: unknown feature; did you mean 'Flow Duration'? (names match exactly, in case, spaces and punctuation)");
        assertThat(answer.get("failed").asInt()).isEqualTo(2);
        assertThat(answer.get("modelInputs").toString()).isEqualTo("[\"Destination Port\",\"Flow Duration\",\"Flow Duration_2\"]");
    }

    @Test
    void nearMissesAreNamedAndOtherNamesAreJustUnknown() {
        FieldNames.Hints hints = new FieldNames.Hints(model);
        assertThat(hints.unknown("destination_port", "feature")).contains("did you mean 'Destination Port'?");
        assertThat(hints.unknown("DESTINATION-PORT", "input")).startsWith("unknown input; did you mean 'Destination Port'?");
        assertThat(hints.unknown(" Flow Duration.1", "feature")).contains("did you mean 'Flow Duration_2'?", "pandas");
        assertThat(hints.unknown("Flow Duration.7", "feature")).isEqualTo("unknown feature");
        assertThat(hints.unknown("colour", "feature")).isEqualTo("unknown feature");
    }
}
