package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

/** {@code datasets rm --force} asks the server to delete a dataset model versions still name. */
class DatasetsRmForceTest extends AgainstFakeVigil {
    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @Test
    void forceIsSentOnlyWhenAskedFor() {
        server.on("DELETE", "/ml/datasets/" + ID, 204, null);

        assertThat(CliRun.run("--url", server.url(), "datasets", "rm", ID).exitCode()).isZero();
        assertThat(server.last("DELETE", "/ml/datasets/" + ID).query()).isNull();
        CliRun forced = CliRun.run("--url", server.url(), "datasets", "rm", ID, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(server.last("DELETE", "/ml/datasets/" + ID).query()).isEqualTo("force=true");
    }
}
