package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import io.vigil.cli.http.Json;
import org.junit.jupiter.api.Test;

/** A model or dataset named where an id is taken: found by exact name through the list API. */
class NamesTest extends AgainstFakeVigil {
    static final String MODEL_ID = JobsCommandTest.MODEL_ID;
    static final String TRAIN_ID = "a1a1a1a1-0000-4000-8000-000000000001";
    static final String TEST_ID = "a1a1a1a1-0000-4000-8000-000000000002";
    static final String TEST_TOO = "a1a1a1a1-0000-4000-8000-000000000003";

    static String page(int page, int pages, String... items) {
        return "{\"items\":[" + String.join(",", items) + "],\"page\":" + page + ",\"size\":500,\"total\":" + items.length
                + ",\"pages\":" + pages + "}";
    }

    static String model(String id, String name) {
        return "{\"id\":\"" + id + "\",\"modelName\":\"" + name + "\",\"modelType\":\"intrusion\",\"status\":\"trained\"}";
    }

    static String dataset(String id, String name, String file) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"fileName\":\"" + file + "\",\"rows\":22544,"
                + "\"createdAt\":\"2026-11-23T20:00:00Z\"}";
    }

    @Test
    void aModelIsShownByItsExactName() {
        // the server's name filter is a substring: kdd-gbm-cli-2 matches too, and is not the one asked for
        server.on("GET", "/ml/models", 200, page(1, 1, model("c0ffee00-0000-4000-8000-000000000009", "kdd-gbm-cli-2"),
                model(MODEL_ID, "kdd-gbm-cli")));
        server.on("GET", "/ml/models/" + MODEL_ID, 200, ModelsCommandTest.MODEL);
        server.on("GET", "/ml/models/" + MODEL_ID + "/versions", 200, "[]");

        CliRun run = CliRun.run("--url", server.url(), "models", "show", "kdd-gbm-cli");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/models").query()).isEqualTo("name=kdd-gbm-cli&page=1&size=500");
        assertThat(run.out()).containsPattern("id:\\s+" + MODEL_ID);
    }

    @Test
    void anIdIsTakenAsItIsWithoutALookUp() {
        server.on("GET", "/ml/models/" + MODEL_ID + "/status", 200, "{\"modelId\":\"" + MODEL_ID + "\",\"status\":\"trained\"}");

        CliRun run = CliRun.run("--url", server.url(), "models", "status", MODEL_ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.count("GET", "/ml/models")).isZero();
    }

    @Test
    void aNameNothingHasIsAnError() {
        server.on("GET", "/ml/models", 200, page(1, 1, model(MODEL_ID, "kdd-gbm-cli")));

        CliRun run = CliRun.run("--url", server.url(), "models", "deploy", "kdd-gbm");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no model named 'kdd-gbm'\n");
        assertThat(server.count("POST", "/ml/models/" + MODEL_ID + "/deploy")).isZero();
    }

    @Test
    void theNameIsLookedForOnEveryPage() {
        server.on("GET", "/ml/models", (request, exchange) -> io.vigil.cli.FakeVigil.send(exchange, 200, "application/json",
                request.query().contains("page=1") ? page(1, 2, model("c0ffee00-0000-4000-8000-000000000009", "kdd-gbm-old"))
                        : page(2, 2, model(MODEL_ID, "kdd-gbm"))));
        server.on("POST", "/ml/models/" + MODEL_ID + "/retire", 200, "{\"status\":\"retired\"}");

        CliRun run = CliRun.run("--url", server.url(), "models", "retire", "kdd-gbm");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("retired model kdd-gbm (retired)\n");
    }

    @Test
    void trainingTakesTheModelAndItsDatasetsByName() {
        server.on("GET", "/ml/models", 200, page(1, 1, model(MODEL_ID, "kdd-gbm")));
        server.on("GET", "/ml/datasets", (request, exchange) -> io.vigil.cli.FakeVigil.send(exchange, 200, "application/json",
                request.query().startsWith("name=kdd-train&") ? page(1, 1, dataset(TRAIN_ID, "kdd-train", "KDDTrain+.txt"))
                        : page(1, 1, dataset(TEST_ID, "kdd-test", "KDDTest+.txt"), dataset(TEST_TOO, "kdd-test-21", "KDDTest-21.txt"))));
        server.on("POST", "/ml/models/" + MODEL_ID + "/train", 202, JobsCommandTest.job("queued", 0, ""));

        CliRun run = CliRun.run("--url", server.url(), "models", "train", "kdd-gbm", "--dataset", "kdd-train",
                "--validation-dataset", "kdd-test", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Json.parse(server.last("POST", "/ml/models/" + MODEL_ID + "/train").bodyText()).toString())
                .isEqualTo("{\"datasetId\":\"" + TRAIN_ID + "\",\"validationDatasetId\":\"" + TEST_ID + "\",\"hyperparameters\":{}}");
    }

    @Test
    void aDatasetNameSeveralDatasetsShareIsRefusedWithTheirIds() {
        server.on("GET", "/ml/models", 200, page(1, 1, model(MODEL_ID, "kdd-gbm")));
        server.on("GET", "/ml/datasets", 200, page(1, 1, dataset(TEST_ID, "kdd-test", "KDDTest+.arff"),
                dataset(TEST_TOO, "kdd-test", "KDDTest+.txt")));

        CliRun run = CliRun.run("--url", server.url(), "models", "validate", "kdd-gbm", "--dataset", "kdd-test");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: 2 datasets are named 'kdd-test'; give one by its id:\n"
                + "  " + TEST_ID + "  KDDTest+.arff, 22544 rows, uploaded 2026-11-23 20:00:00Z\n"
                + "  " + TEST_TOO + "  KDDTest+.txt, 22544 rows, uploaded 2026-11-23 20:00:00Z\n");
        assertThat(server.count("POST", "/ml/models/" + MODEL_ID + "/validate")).isZero();
    }

    @Test
    void datasetCommandsTakeANameToo() {
        server.on("GET", "/ml/datasets", 200, page(1, 1, dataset(TEST_ID, "kdd-test", "KDDTest+.txt")));
        server.on("DELETE", "/ml/datasets/" + TEST_ID, 204, null);

        CliRun run = CliRun.run("--url", server.url(), "datasets", "rm", "kdd-test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("deleted dataset kdd-test (" + TEST_ID + ")\n");
    }

    @Test
    void predictSendsAModelNameAsTheApiTakesIt() {
        server.on("POST", "/ml/predict", 200, PredictCommandTest.VERDICT);

        CliRun run = CliRun.run("--url", server.url(), "predict", "--model", "kdd-gbm", "{\"dst_port\": 22}");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/predict").bodyText()).isEqualTo("{\"modelName\":\"kdd-gbm\",\"features\":{\"dst_port\":22}}");
        assertThat(server.count("GET", "/ml/models")).isZero();
    }

    @Test
    void jobsOfAModelByName() {
        server.on("GET", "/ml/models", 200, page(1, 1, model(MODEL_ID, "kdd-gbm")));
        server.on("GET", "/ml/jobs", 200, page(1, 1));

        CliRun run = CliRun.run("--url", server.url(), "jobs", "list", "--model", "kdd-gbm");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/jobs").query()).isEqualTo("modelId=" + MODEL_ID);
    }
}
