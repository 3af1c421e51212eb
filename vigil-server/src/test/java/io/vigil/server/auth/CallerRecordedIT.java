package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who did it comes from the identity, never from the request: owners, jobs, versions, deployments. */
class CallerRecordedIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whatADataScientistDoesIsRecordedUnderItsName() throws Exception {
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        String name = scientist.get("/auth/me").json().get("name").asText();
        ServingFixture fixture = new ServingFixture(scientist);
        String model = fixture.validatedModel("owned-gbm", "owned", 1);
        assertThat(scientist.get("/ml/models/" + model).json().get("owner").asText()).as("no owner given: the caller").isEqualTo(name);
        assertThat(scientist.get("/ml/models/" + model + "/training-jobs").json().get("items").get(0).get("createdBy").asText())
                .isEqualTo(name);
        assertThat(scientist.get("/ml/models/" + model + "/versions/1").json().get("createdBy").asText()).isEqualTo(name);

        fixture.deploy(model, 1);
        assertThat(server.http().get("/ml/models/" + model + "/deployments").json().get(0).get("createdBy").asText()).isEqualTo(name);

        String dataset = scientist.upload("/ml/datasets/upload", "score.csv", GeneratedFlows.csv(50, 3), Map.of("name", "score"))
                .json().get("id").asText();
        String key = server.apiKey(Role.DATA_SCIENTIST);
        String other = server.http().postJson("/ml/models", "{\"modelName\": \"team-gbm\", \"modelType\": \"team\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"owner\": \"soc-team\"}").json().get("owner").asText();
        assertThat(other).as("an owner given is kept").isEqualTo("soc-team");
        JsonNode job = server.anonymous().withApiKey(key).postJson("/ml/models/" + model + "/batch-predict",
                "{\"datasetId\": \"" + dataset + "\"}").json();
        assertThat(job.path("createdBy").asText()).as(job.toString()).isEqualTo("key:" + key.substring(0, 12));
        assertThat(server.http().postJson("/ml/models/" + model + "/retire", "{}").status()).isEqualTo(200);
        assertThat(scientist.get("/ml/models/" + model).json().get("status").asText()).isEqualTo("retired");
    }
}
