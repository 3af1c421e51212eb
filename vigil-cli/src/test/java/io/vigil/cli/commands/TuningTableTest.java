package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

/** The search's table tells its ranks apart: scores a few hundred-thousandths apart do not all read "1". */
class TuningTableTest extends AgainstFakeVigil {

    @Test
    void closeScoresGetEnoughDigitsToRank() {
        String id = ModelsCommandTest.ID;
        server.on("GET", "/ml/models/" + id, 200, ModelsCommandTest.MODEL);
        server.on("GET", "/ml/models/" + id + "/artifacts", 200, "{"
                + "\"evaluatedOn\":{\"datasetId\":\"ds-1\",\"holdOutFraction\":0.2,\"rows\":500,\"stratified\":true},"
                + "\"tuning\":{\"method\":\"grid\",\"metric\":\"roc_auc\",\"folds\":3,\"space\":{\"max_depth\":[3,4,6,8]},"
                + "\"trials\":[{\"params\":{\"max_depth\":6},\"score\":0.999963},{\"params\":{\"max_depth\":8},\"score\":0.999958},"
                + "{\"params\":{\"max_depth\":4},\"score\":0.99994},{\"params\":{\"max_depth\":3},\"score\":0.97}]}}");

        CliRun run = CliRun.run("--url", server.url(), "models", "report", id);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("1 \\(chosen\\)\\s+max_depth=6\\s+0.999963")
                .containsPattern("2\\s+max_depth=8\\s+0.999958").containsPattern("3\\s+max_depth=4\\s+0.99994\\b")
                .containsPattern("4\\s+max_depth=3\\s+0.97\\b");
    }
}
