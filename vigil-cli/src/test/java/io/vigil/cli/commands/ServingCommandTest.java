package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

class ServingCommandTest extends AgainstFakeVigil {

    @Test
    void statsShowLoadedModelsTheCacheAndThePredictionLog() {
        server.on("GET", "/ml/serving/stats", 200, """
                {"loadedModels":[{"modelId":"m-1","name":"kdd-gbm","modelType":"intrusion","version":3,"bytes":2097152}],
                 "modelMemory":{"usedBytes":2097152,"budgetBytes":536870912},
                 "cache":{"enabled":true,"size":120,"hits":900,"misses":100,"hitRate":0.9},
                 "recording":{"queued":2,"written":1000,"dropped":5,"failed":0}}""");

        CliRun run = CliRun.run("--url", server.url(), "serving", "stats");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("loaded models: 1, 2.0 MiB of a 512.0 MiB budget")
                .containsPattern("m-1\\s+kdd-gbm\\s+intrusion\\s+3\\s+2.0 MiB")
                .contains("prediction cache: on, 120 entries, 900 hits, 100 misses (90.0% hit rate)")
                .contains("prediction log: 1000 written, 2 queued, 5 left out");
    }

    @Test
    void aCacheThatIsOffSaysSo() {
        server.on("GET", "/ml/serving/stats", 200, """
                {"loadedModels":[],"cache":{"enabled":false,"size":0,"hits":0,"misses":0,"hitRate":0.0},
                 "recording":{"queued":0,"written":0,"dropped":0,"failed":0}}""");

        CliRun run = CliRun.run("--url", server.url(), "serving", "stats");

        assertThat(run.out()).startsWith("loaded models: 0\n").contains("prediction cache: off");
    }
}
