package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import io.vigil.cli.http.Json;
import org.junit.jupiter.api.Test;

class ModelsCommandTest extends AgainstFakeVigil {
    static final String ID = JobsCommandTest.MODEL_ID;
    static final String DS = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String VALIDATION_DS = "0b6f3c2e-5d0a-4c8e-9a51-2f4e8d7c1a90";
    static final String MODEL = ("{\"id\":\"%s\",\"modelName\":\"kdd-gbm\",\"modelType\":\"intrusion\",\"algorithm\":\"gbm\","
            + "\"hyperparameters\":{\"rounds\":100,\"learningRate\":0.1},\"features\":null,\"targetVariable\":\"label\","
            + "\"tags\":[\"nsl-kdd\"],\"status\":\"trained\",\"latestVersion\":2,\"deployedVersion\":null,"
            + "\"createdAt\":\"2026-11-23T20:00:00Z\",\"updatedAt\":\"2026-11-23T20:05:00Z\"}").formatted(ID);

    @Test
    void createSendsTypedHyperparametersAndPrintsTheModel() {
        server.on("POST", "/ml/models", 201, MODEL);

        CliRun run = CliRun.run("--url", server.url(), "models", "create", "--name", "kdd-gbm", "--type", "intrusion",
                "--algorithm", "gbm", "--target", "label", "--param", "rounds=100", "--param", "learningRate=0.1",
                "--param", "balanced=true", "--param", "loss=logloss", "--features", "duration,src_bytes",
                "--description", "NSL-KDD", "--tag", "nsl-kdd", "--tag", "baseline", "--drop", "difficulty",
                "--binarize", "normal:attack");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode body = Json.parse(server.last("POST", "/ml/models").bodyText());
        assertThat(server.last("POST", "/ml/models").header("Content-Type")).isEqualTo("application/json");
        assertThat(body.toString()).isEqualTo("{\"modelName\":\"kdd-gbm\",\"modelType\":\"intrusion\",\"algorithm\":\"gbm\","
                + "\"targetVariable\":\"label\",\"hyperparameters\":{\"rounds\":100,\"learningRate\":0.1,\"balanced\":true,\"loss\":\"logloss\"},"
                + "\"features\":[\"duration\",\"src_bytes\"],\"description\":\"NSL-KDD\",\"tags\":[\"nsl-kdd\",\"baseline\"],"
                + "\"dropColumns\":[\"difficulty\"],\"binarize\":{\"negativeClass\":\"normal\",\"positiveClass\":\"attack\"}}");
        assertThat(run.out()).containsPattern("name:\\s+kdd-gbm").containsPattern("hyperparameters:\\s+rounds=100 learningRate=0.1")
                .containsPattern("latest version:\\s+2");
    }

    @Test
    void createWithoutOptionalFieldsSendsEmptyCollections() {
        server.on("POST", "/ml/models", 201, MODEL);

        CliRun run = CliRun.run("--url", server.url(), "models", "create", "--name", "m", "--type", "fraud", "--algorithm", "zscore");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models").bodyText()).isEqualTo(
                "{\"modelName\":\"m\",\"modelType\":\"fraud\",\"algorithm\":\"zscore\",\"hyperparameters\":{},\"features\":[],\"tags\":[]}");
    }

    @Test
    void createWithoutARequiredOptionIsAUsageError() {
        CliRun run = CliRun.run("--url", server.url(), "models", "create", "--name", "m");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options").contains("--type").contains("--algorithm");
        assertThat(server.received).isEmpty();
    }

    @Test
    void aProblemWhoseOnlyFieldErrorIsItsDetailIsSaidOnce() {
        server.problem("POST", "/ml/models", 400, "algorithm: unknown algorithm 'xgboost'",
                "[{\"field\":\"algorithm\",\"message\":\"unknown algorithm 'xgboost'\"}]");

        CliRun run = CliRun.run("--url", server.url(), "models", "create", "--name", "m", "--type", "t", "--algorithm", "xgboost");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: algorithm: unknown algorithm 'xgboost'\n");
    }

    @Test
    void aDuplicateNameShowsTheServersConflict() {
        server.problem("POST", "/ml/models", 409, "a model named kdd-gbm exists", null);

        CliRun run = CliRun.run("--url", server.url(), "models", "create", "--name", "kdd-gbm", "--type", "intrusion", "--algorithm", "gbm");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: a model named kdd-gbm exists\n");
    }

    @Test
    void listPassesTheFiltersAndPrintsATable() {
        server.on("GET", "/ml/models", 200, "{\"items\":[" + MODEL + "],\"page\":1,\"size\":20,\"total\":1,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "models", "list", "--type", "intrusion", "--status", "trained", "--name", "kdd");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/models").query()).isEqualTo("type=intrusion&status=trained&name=kdd");
        assertThat(run.out()).containsPattern("ID\\s+NAME\\s+TYPE\\s+ALGORITHM\\s+STATUS\\s+UPDATED")
                .containsPattern(ID + "\\s+kdd-gbm\\s+intrusion\\s+gbm\\s+trained\\s+2026-11-23 20:05:00Z");
    }

    @Test
    void theListComparesTheLatestMetricsOfEachModel() {
        String gbm = MODEL.substring(0, MODEL.length() - 1)
                + ",\"latestMetrics\":{\"accuracy\":0.8121,\"f1\":0.8076,\"roc_auc\":0.9653,\"log_loss\":0.4}}";
        String detector = "{\"id\":\"m-2\",\"modelName\":\"conn-if\",\"modelType\":\"intrusion\",\"algorithm\":\"isolation_forest\","
                + "\"status\":\"trained\",\"latestMetrics\":{\"anomaly_rate\":0.011}}";
        String fresh = "{\"id\":\"m-3\",\"modelName\":\"new\",\"modelType\":\"intrusion\",\"algorithm\":\"mlp\",\"status\":\"created\"}";
        server.on("GET", "/ml/models", 200, "{\"items\":[" + gbm + "," + detector + "," + fresh + "],\"page\":1,\"size\":20,\"total\":3,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "models", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("STATUS\\s+ACCURACY\\s+F1\\s+ROC_AUC\\s+ANOMALY_RATE\\s+UPDATED")
                .containsPattern("kdd-gbm\\s+intrusion\\s+gbm\\s+trained\\s+0.8121\\s+0.8076\\s+0.9653\\s+-")
                .containsPattern("conn-if\\s+intrusion\\s+isolation_forest\\s+trained\\s+-\\s+-\\s+-\\s+0.011")
                .doesNotContain("LOG_LOSS");
    }

    /** The answer's headline as the server writes it (ModelHeadline): the version that serves, hold-out and validation. */
    static String withHeadline(String model, String headline) {
        return model.substring(0, model.length() - 1) + ",\"latestMetrics\":{\"accuracy\":0.9995},\"headline\":" + headline + "}";
    }

    static final String DEPLOYED_V1 = "{\"version\":1,\"deployed\":true,\"holdOut\":{\"accuracy\":0.9991,\"f1\":0.999,\"rows\":25195.0},"
            + "\"validation\":{\"datasetId\":\"" + DS + "\",\"datasetName\":\"kdd-test\",\"passed\":true,"
            + "\"validatedAt\":\"2026-11-23T20:03:00Z\",\"metrics\":{\"accuracy\":0.8012,\"f1\":0.7911,\"rows\":22544.0}}}";

    @Test
    void theListHeadlinesTheServingVersionsHoldOutAndValidationSideBySide() {
        String deployed = withHeadline(MODEL, DEPLOYED_V1);
        String unvalidated = "{\"id\":\"m-2\",\"modelName\":\"conn-if\",\"modelType\":\"conn\",\"algorithm\":\"isolation_forest\","
                + "\"status\":\"trained\",\"latestMetrics\":{\"anomaly_rate\":0.011},"
                + "\"headline\":{\"version\":2,\"deployed\":false,\"holdOut\":{\"anomaly_rate\":0.011},\"validation\":null}}";
        String fresh = "{\"id\":\"m-3\",\"modelName\":\"new\",\"modelType\":\"intrusion\",\"algorithm\":\"mlp\",\"status\":\"created\","
                + "\"latestMetrics\":null,\"headline\":null}";
        server.on("GET", "/ml/models", 200, "{\"items\":[" + deployed + "," + unvalidated + "," + fresh + "],\"page\":1,\"size\":20,\"total\":3,\"pages\":1}");

        CliRun run = CliRun.run("--url", server.url(), "models", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("STATUS\\s+SERVES\\s+ACCURACY\\s+F1\\s+ANOMALY_RATE\\s+VALIDATED ON\\s+UPDATED")
                .containsPattern("kdd-gbm\\s+intrusion\\s+gbm\\s+trained\\s+v1 deployed\\s+0.9991 / 0.8012\\s+0.999 / 0.7911\\s+-\\s+kdd-test\\s")
                .containsPattern("conn-if\\s+conn\\s+isolation_forest\\s+trained\\s+v2 latest\\s+-\\s+-\\s+0.011 / -\\s+-\\s")
                .containsPattern("new\\s+intrusion\\s+mlp\\s+created\\s+-\\s+-\\s+-\\s+-\\s+-")
                .contains("metrics of the version that serves (deployed, else latest): hold-out / validation")
                .doesNotContain("0.9995"); // the latest version's hold-out is not what serves
    }

    @Test
    void showHeadlinesTheServingVersionsHoldOutAndValidation() {
        server.on("GET", "/ml/models/" + ID, 200, withHeadline(MODEL, DEPLOYED_V1));
        server.on("GET", "/ml/models/" + ID + "/versions", 200, "[]");

        CliRun run = CliRun.run("--url", server.url(), "models", "show", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("version 1 (deployed), as measured:\n")
                .containsPattern("METRIC\\s+HOLD-OUT\\s+VALIDATION\n")
                .containsPattern("accuracy\\s+0.9991\\s+0.8012\n").containsPattern("f1\\s+0.999\\s+0.7911\n")
                .containsPattern("rows\\s+25195\\s+22544\n")
                .contains("validation: on dataset kdd-test (" + DS + "), 2026-11-23 20:03:00Z, passed\n");
    }

    @Test
    void showSaysWhenTheServingVersionWasNeverValidated() {
        server.on("GET", "/ml/models/" + ID, 200,
                withHeadline(MODEL, "{\"version\":2,\"deployed\":false,\"holdOut\":{\"accuracy\":0.97},\"validation\":null}"));
        server.on("GET", "/ml/models/" + ID + "/versions", 200, "[]");

        CliRun run = CliRun.run("--url", server.url(), "models", "show", ID);

        assertThat(run.out()).contains("version 2 (the latest; none deployed), as measured:\n")
                .containsPattern("accuracy\\s+0.97\\s+-\n").contains("validation: none yet");
    }

    @Test
    void showPrintsTheModelAndItsVersions() {
        server.on("GET", "/ml/models/" + ID, 200, MODEL);
        server.on("GET", "/ml/models/" + ID + "/versions", 200,
                "[{\"modelId\":\"" + ID + "\",\"version\":1,\"status\":\"trained\",\"datasetId\":\"" + DS + "\","
                        + "\"metrics\":{\"accuracy\":0.95,\"f1\":0.94},\"createdAt\":\"2026-11-23T20:01:00Z\"},"
                        + "{\"modelId\":\"" + ID + "\",\"version\":2,\"status\":\"validated\",\"datasetId\":\"" + DS + "\","
                        + "\"metrics\":{\"accuracy\":0.97,\"f1\":0.96},\"createdAt\":\"2026-11-23T20:04:00Z\"}]");

        CliRun run = CliRun.run("--url", server.url(), "models", "show", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("type:\\s+intrusion").containsPattern("tags:\\s+nsl-kdd")
                .containsPattern("VERSION\\s+STATUS\\s+CREATED\\s+DATASET\\s+ACCURACY\\s+F1")
                .containsPattern("1\\s+trained\\s+2026-11-23 20:01:00Z\\s+" + DS + "\\s+0.95\\s+0.94")
                .containsPattern("2\\s+validated\\s+2026-11-23 20:04:00Z\\s+" + DS + "\\s+0.97\\s+0.96");
    }

    @Test
    void inputsOfTheLatestVersionSayWhichAreRequired() {
        server.on("GET", "/ml/models/" + ID, 200, MODEL); // latest 2, none deployed
        server.on("GET", "/ml/models/" + ID + "/versions/2/inputs", 200, "{\"modelId\":\"" + ID + "\",\"version\":2,\"inputs\":["
                + "{\"name\":\"dest_port\",\"kind\":\"numeric\",\"type\":\"integer\",\"required\":true},"
                + "{\"name\":\"is_admin\",\"kind\":\"numeric\",\"type\":\"boolean\",\"required\":true},"
                + "{\"name\":\"bytes\",\"kind\":\"numeric\",\"required\":true}," // a server before types: the kind
                + "{\"name\":\"app_proto\",\"kind\":\"categorical\",\"type\":\"categorical\",\"required\":false}],"
                + "\"ignored\":[\"label\",\"flow_id\"]}");

        CliRun run = CliRun.run("--url", server.url(), "models", "inputs", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("INPUT\\s+TYPE\\s+REQUIRED").containsPattern("dest_port\\s+integer\\s+yes")
                .containsPattern("is_admin\\s+boolean \\(true/false, yes/no, 1/0\\)\\s+yes").containsPattern("bytes\\s+numeric\\s+yes")
                .containsPattern("app_proto\\s+categorical\\s+no \\(may be left out").contains("ignored if present: label, flow_id");
    }

    @Test
    void reportShowsPerClassMetricsTheConfusionMatrixImportanceAndTheSearch() {
        server.on("GET", "/ml/models/" + ID, 200, MODEL); // latest 2, none deployed
        server.on("GET", "/ml/models/" + ID + "/artifacts", 200, "{"
                + "\"evaluatedOn\":{\"datasetId\":\"ds-1\",\"holdOutFraction\":0.2,\"rows\":500,\"stratified\":true},"
                + "\"perClass\":[{\"name\":\"attack\",\"precision\":0.9,\"recall\":0.75,\"f1\":0.8182,\"support\":100},"
                + "{\"name\":\"normal\",\"precision\":0.94,\"recall\":0.98,\"f1\":0.9596,\"support\":400}],"
                + "\"confusionMatrix\":{\"classes\":[\"attack\",\"normal\"],\"counts\":[[75,25],[8,392]]},"
                + "\"featureImportance\":{\"method\":\"gain\",\"features\":[{\"feature\":\"src_bytes\",\"importance\":0.6},"
                + "{\"feature\":\"flag\",\"importance\":0.3},{\"feature\":\"duration\",\"importance\":0.1}]},"
                + "\"tuning\":{\"method\":\"grid\",\"metric\":\"roc_auc\",\"folds\":3,\"space\":{\"max_depth\":[4,6]},"
                + "\"trials\":[{\"params\":{\"max_depth\":4,\"rounds\":100},\"score\":0.97},{\"params\":{\"max_depth\":6,\"rounds\":100},\"score\":0.95}]},"
                + "\"rocCurve\":[],\"prCurve\":[],\"calibration\":[]}");

        CliRun run = CliRun.run("--url", server.url(), "models", "report", ID, "--top", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("GET", "/ml/models/" + ID + "/artifacts").query()).isEqualTo("version=2");
        assertThat(run.out()).contains("version 2, evaluated on 500 rows of dataset ds-1 (20.0% held out, stratified)")
                .containsPattern("CLASS\\s+PRECISION\\s+RECALL\\s+F1\\s+SUPPORT").containsPattern("attack\\s+0.9\\s+0.75\\s+0.8182\\s+100")
                .containsPattern("actual\\s+attack\\s+normal").containsPattern("attack\\s+75\\s+25").containsPattern("normal\\s+8\\s+392")
                .contains("feature importance (gain), top 2 of 3:").containsPattern("src_bytes\\s+0.6").doesNotContain("duration")
                .contains("tuning: grid search, 2 combinations, 3-fold roc_auc").containsPattern("1 \\(chosen\\)\\s+max_depth=4\\s+0.97")
                .doesNotContain("rounds=");
    }

    @Test
    void rollbackSaysWhatServesTheSlotNowAndDeploymentsListTheHistory() {
        String other = "0f8fad5b-d9cb-469f-a165-70867728950e";
        server.on("POST", "/ml/models/" + ID + "/rollback", 200, "{\"id\":3,\"modelType\":\"intrusion\",\"modelId\":\"" + other
                + "\",\"version\":4,\"action\":\"rollback\",\"active\":true,\"createdAt\":\"2026-11-24T10:00:00Z\"}");
        server.on("GET", "/ml/models/" + ID + "/deployments", 200, "[{\"id\":2,\"modelType\":\"intrusion\",\"modelId\":\"" + ID
                + "\",\"version\":2,\"action\":\"deploy\",\"active\":false,\"previousModelId\":\"" + other + "\",\"previousVersion\":4,"
                + "\"createdAt\":\"2026-11-24T09:00:00Z\",\"endedAt\":\"2026-11-24T10:00:00Z\"}]");

        CliRun rolledBack = CliRun.run("--url", server.url(), "models", "rollback", ID);
        CliRun history = CliRun.run("--url", server.url(), "models", "deployments", ID);

        assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
        assertThat(rolledBack.out()).isEqualTo("rolled back: model " + other + " version 4 is the active intrusion model again\n");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern("ACTION\\s+SLOT\\s+MODEL\\s+VERSION\\s+ACTIVE\\s+REPLACED")
                .containsPattern("deploy\\s+intrusion\\s+" + ID + "\\s+2\\s+no\\s+" + other + " v4");
    }

    @Test
    void inputsOfAModelWithoutVersionsIsAnError() {
        server.on("GET", "/ml/models/" + ID, 200, MODEL.replace("\"latestVersion\":2", "\"latestVersion\":null"));

        CliRun run = CliRun.run("--url", server.url(), "models", "inputs", ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has no version yet");
    }

    @Test
    void showWithJsonCombinesModelAndVersions() {
        server.on("GET", "/ml/models/" + ID, 200, MODEL);
        server.on("GET", "/ml/models/" + ID + "/versions", 200, "[]");

        CliRun run = CliRun.run("--url", server.url(), "--json", "models", "show", ID);

        JsonNode both = Json.parse(run.out());
        assertThat(both.path("model").path("modelName").asText()).isEqualTo("kdd-gbm");
        assertThat(both.path("versions").isArray()).isTrue();
    }

    @Test
    void trainWithoutWaitQueuesTheJobWithTheRequestedOptions() {
        server.on("POST", "/ml/models/" + ID + "/train", 202, JobsCommandTest.job("queued", 0, ""));

        CliRun run = CliRun.run("--url", server.url(), "models", "train", ID, "--dataset", DS, "--split", "0.25",
                "--param", "rounds=10", "--priority", "7");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + ID + "/train").bodyText()).isEqualTo(
                "{\"datasetId\":\"" + DS + "\",\"trainTestSplit\":0.25,\"hyperparameters\":{\"rounds\":10},\"priority\":7}");
        assertThat(run.out()).containsPattern("state:\\s+queued");
        assertThat(run.err()).contains("follow it with: ./vigil jobs logs " + JobsCommandTest.JOB_ID + " --follow");
    }

    @Test
    void trainCanSearchHyperparametersFirst() {
        server.on("POST", "/ml/models/" + ID + "/train", 202, JobsCommandTest.job("queued", 0, ""));

        CliRun run = CliRun.run("--url", server.url(), "models", "train", ID, "--dataset", DS, "--tune", "max_depth=4,6",
                "--tune", "eta=0.1,0.3", "--tune-method", "random", "--trials", "3", "--folds", "2", "--tune-metric", "pr_auc");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + ID + "/train").bodyText()).isEqualTo("{\"datasetId\":\"" + DS
                + "\",\"hyperparameters\":{},\"tuning\":{\"method\":\"random\",\"space\":{\"max_depth\":[4,6],\"eta\":[0.1,0.3]},"
                + "\"trials\":3,\"folds\":2,\"metric\":\"pr_auc\"}}");

        CliRun noSpace = CliRun.run("--url", server.url(), "models", "train", ID, "--dataset", DS, "--folds", "2");
        assertThat(noSpace.exitCode()).isEqualTo(2);
        assertThat(noSpace.err()).contains("--tune");
    }

    @Test
    void trainTakesASplitOrAValidationDatasetNotBoth() {
        CliRun run = CliRun.run("--url", server.url(), "models", "train", ID, "--dataset", DS, "--split", "0.2",
                "--validation-dataset", DS);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
        assertThat(server.received).isEmpty();
    }

    @Test
    void trainWithAValidationDatasetSendsItsId() {
        server.on("POST", "/ml/models/" + ID + "/train", 202, JobsCommandTest.job("queued", 0, ""));

        CliRun run = CliRun.run("--url", server.url(), "models", "train", ID, "--dataset", DS, "--validation-dataset", VALIDATION_DS, "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + ID + "/train").bodyText()).isEqualTo(
                "{\"datasetId\":\"" + DS + "\",\"validationDatasetId\":\"" + VALIDATION_DS + "\",\"hyperparameters\":{}}");
        assertThat(run.out()).isEqualTo(JobsCommandTest.job("queued", 0, "") + "\n");
    }

    @Test
    void statusShowsTheStateAndTheCurrentJob() {
        server.on("GET", "/ml/models/" + ID + "/status", 200, "{\"modelId\":\"" + ID + "\",\"status\":\"training\","
                + "\"latestVersion\":1,\"deployedVersion\":null,\"currentJob\":" + JobsCommandTest.job("running", 0.5, "") + "}");

        CliRun run = CliRun.run("--url", server.url(), "models", "status", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("status:\\s+training").containsPattern("latest version:\\s+1")
                .containsPattern("current job:\\s+" + JobsCommandTest.JOB_ID + " running 50.0% training round 50/100")
                .doesNotContain("deployed version");
    }

    @Test
    void validateThatPassesExitsZero() {
        server.on("POST", "/ml/models/" + ID + "/validate", 200, "{\"modelId\":\"" + ID + "\",\"version\":2,\"passed\":true,"
                + "\"metrics\":{\"accuracy\":0.93,\"recall\":0.91},\"thresholds\":{\"accuracy\":0.9},\"failures\":[]}");

        CliRun run = CliRun.run("--url", server.url(), "models", "validate", ID, "--dataset", DS, "--version", "2",
                "--threshold", "accuracy=0.9");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + ID + "/validate").bodyText())
                .isEqualTo("{\"datasetId\":\"" + DS + "\",\"version\":2,\"thresholds\":{\"accuracy\":0.9}}");
        assertThat(run.out()).containsPattern("METRIC\\s+VALUE\\s+THRESHOLD\\s+RESULT")
                .containsPattern("accuracy\\s+0.93\\s+0.9\\s+ok").containsPattern("recall\\s+0.91\\s+-\\s+-")
                .contains("version 2: passed");
    }

    @Test
    void validateThatFailsExitsOneAndListsTheFailures() {
        server.on("POST", "/ml/models/" + ID + "/validate", 200, "{\"version\":2,\"passed\":false,"
                + "\"metrics\":{\"accuracy\":0.8},\"thresholds\":{\"accuracy\":0.9},"
                + "\"failures\":[{\"metric\":\"accuracy\",\"value\":0.8,\"threshold\":0.9}]}");

        CliRun run = CliRun.run("--url", server.url(), "models", "validate", ID, "--dataset", DS);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.last("POST", "/ml/models/" + ID + "/validate").bodyText()).isEqualTo("{\"datasetId\":\"" + DS + "\"}");
        assertThat(run.out()).containsPattern("accuracy\\s+0.8\\s+0.9\\s+FAIL").contains("version 2: NOT passed")
                .contains("  metric=accuracy value=0.8 threshold=0.9");
    }

    @Test
    void theServersGatesSayWhichThresholdsAreMaxima() {
        server.on("POST", "/ml/models/" + ID + "/validate", 200, "{\"version\":1,\"passed\":false,"
                + "\"metrics\":{\"anomaly_rate\":0.008,\"rows\":1992},\"thresholds\":{\"anomaly_rate\":0.001},"
                + "\"gates\":[{\"metric\":\"anomaly_rate\",\"maximum\":0.001,\"actual\":0.008,\"passed\":false}],"
                + "\"failures\":[{\"metric\":\"anomaly_rate\",\"maximum\":0.001,\"actual\":0.008}]}");

        CliRun run = CliRun.run("--url", server.url(), "models", "validate", ID, "--dataset", DS, "--threshold", "anomaly_rate=0.001");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("anomaly_rate\\s+0.008\\s+<= 0.001\\s+FAIL").containsPattern("rows\\s+1992\\s+-\\s+-");
    }

    @Test
    void aThresholdMustBeANumber() {
        CliRun run = CliRun.run("--url", server.url(), "models", "validate", ID, "--dataset", DS, "--threshold", "accuracy=high");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(server.received).isEmpty();
    }

    @Test
    void deploySendsTheVersionAndSaysWhichSlotItNowServes() {
        server.on("POST", "/ml/models/" + ID + "/deploy", 200, "{\"id\":4,\"modelType\":\"intrusion\",\"modelId\":\"" + ID
                + "\",\"version\":2,\"action\":\"deploy\",\"active\":true}");

        CliRun run = CliRun.run("--url", server.url(), "models", "deploy", ID, "--version", "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.last("POST", "/ml/models/" + ID + "/deploy").bodyText()).isEqualTo("{\"version\":2}");
        assertThat(run.out()).isEqualTo("deployed model " + ID + " version 2 as the active intrusion model\n");
    }

    @Test
    void deployOfAModelThatIsNotValidatedIsAConflict() {
        server.problem("POST", "/ml/models/" + ID + "/deploy", 409, "model is trained; only a validated version can be deployed", null);

        CliRun run = CliRun.run("--url", server.url(), "models", "deploy", ID);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.last("POST", "/ml/models/" + ID + "/deploy").bodyText()).isEqualTo("{}");
        assertThat(run.err()).isEqualTo("error: model is trained; only a validated version can be deployed\n");
    }

    @Test
    void retirePostsAndShowsTheNewStatus() {
        server.on("POST", "/ml/models/" + ID + "/retire", 200, MODEL.replace("\"trained\"", "\"retired\""));

        CliRun run = CliRun.run("--url", server.url(), "models", "retire", ID);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("retired model " + ID + " (retired)\n");
    }
}
