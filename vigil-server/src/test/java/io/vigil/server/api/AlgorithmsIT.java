package io.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /ml/algorithms} lists what a model may name, and what it lists is what training accepts. */
class AlgorithmsIT {

    @Test
    void everyAlgorithmWithItsHyperparametersDefaultsAndRanges() {
        try (TestServer server = TestServer.start()) {
            HttpTestClient http = server.http();
            Response r = http.get("/ml/algorithms");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            r.json().get("algorithms").forEach(a -> names.add(a.get("name").asText()));
            assertThat(names).contains("gbm", "random_forest", "logistic_regression", "isolation_forest", "zscore", "iqr", "mad",
                    "mlp", "lstm");

            JsonNode gbm = algorithm(r.json(), "gbm");
            assertThat(gbm.get("task").asText()).isEqualTo("classification");
            assertThat(gbm.get("targetVariable").asText()).isEqualTo("required");
            JsonNode depth = parameter(gbm, "max_depth");
            assertThat(depth.get("type").asText()).isEqualTo("integer");
            assertThat(depth.get("default").asInt()).isEqualTo(4);
            assertThat(depth.get("range").asText()).isEqualTo("[1, 16]");
            assertThat(depth.get("minimum").isIntegralNumber()).isTrue();
            assertThat(depth.get("maximum").asInt()).isEqualTo(16);
            assertThat(parameter(gbm, "eta").get("range").asText()).isEqualTo("(0, 1]");
            assertThat(parameter(gbm, "eta").get("minimumExclusive").asBoolean()).isTrue();
            assertThat(parameter(gbm, "tree_method").get("values").toString()).isEqualTo("[\"hist\",\"approx\",\"exact\"]");
            assertThat(parameter(gbm, "tree_method").has("range")).isFalse();
            assertThat(algorithm(r.json(), "isolation_forest").get("targetVariable").asText()).isEqualTo("optional");
            assertThat(parameter(algorithm(r.json(), "mlp"), "hidden_layers").get("default").asText()).isEqualTo("64,32");

            // every listed default is accepted, and a value past a listed maximum is refused naming the same range
            for (JsonNode a : r.json().get("algorithms")) {
                ObjectNode defaults = Json.MAPPER.createObjectNode();
                a.get("hyperparameters").forEach(p -> defaults.set(p.get("name").asText(), p.get("default")));
                ObjectNode model = Json.MAPPER.createObjectNode().put("modelName", "defaults-" + a.get("name").asText())
                        .put("modelType", "t").put("algorithm", a.get("name").asText()).put("targetVariable", "label");
                model.set("hyperparameters", defaults);
                Response created = http.postJson("/ml/models", model.toString());
                assertThat(created.status()).as(a.get("name") + ": " + created).isEqualTo(201);
            }
            Response tooDeep = http.postJson("/ml/models", "{\"modelName\": \"too-deep\", \"modelType\": \"t\", \"algorithm\": \"gbm\","
                    + " \"targetVariable\": \"label\", \"hyperparameters\": {\"max_depth\": 17}}");
            assertThat(tooDeep.status()).isEqualTo(400);
            assertThat(tooDeep.text()).contains("[1, 16]");
        }
    }

    private static JsonNode algorithm(JsonNode body, String name) {
        for (JsonNode a : body.get("algorithms")) {
            if (a.get("name").asText().equals(name)) return a;
        }
        throw new AssertionError("no algorithm " + name + " in " + body);
    }

    private static JsonNode parameter(JsonNode algorithm, String name) {
        for (JsonNode p : algorithm.get("hyperparameters")) {
            if (p.get("name").asText().equals(name)) return p;
        }
        throw new AssertionError("no hyperparameter " + name + " in " + algorithm);
    }
}
