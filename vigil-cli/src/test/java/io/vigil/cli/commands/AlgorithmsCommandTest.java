package io.vigil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.CliRun;
import org.junit.jupiter.api.Test;

class AlgorithmsCommandTest extends AgainstFakeVigil {
    static final String ALGORITHMS = "{\"algorithms\":["
            + "{\"name\":\"gbm\",\"task\":\"classification\",\"targetVariable\":\"required\",\"hyperparameters\":["
            + "{\"name\":\"max_depth\",\"type\":\"integer\",\"default\":4,\"range\":\"[1, 16]\",\"minimum\":1,\"minimumExclusive\":false,"
            + "\"maximum\":16,\"description\":\"maximum tree depth\"},"
            + "{\"name\":\"tree_method\",\"type\":\"string\",\"default\":\"hist\",\"values\":[\"hist\",\"approx\",\"exact\"],"
            + "\"description\":\"split finding method\"}]},"
            + "{\"name\":\"zscore\",\"task\":\"anomaly_detection\",\"targetVariable\":\"optional\",\"hyperparameters\":["
            + "{\"name\":\"k\",\"type\":\"number\",\"default\":3.0,\"range\":\"(0, 1000]\",\"description\":\"distance\"}]}]}";

    @Test
    void listsEachAlgorithmsHyperparametersWithDefaultsAndRanges() {
        server.on("GET", "/ml/algorithms", 200, ALGORITHMS);

        CliRun run = CliRun.run("--url", server.url(), "algorithms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("gbm (classification, target required)").contains("zscore (anomaly detection, target optional)")
                .containsPattern("max_depth\\s+integer\\s+4\\s+\\[1, 16\\]\\s+maximum tree depth")
                .containsPattern("tree_method\\s+string\\s+hist\\s+hist\\|approx\\|exact");
    }

    @Test
    void oneAlgorithmByName() {
        server.on("GET", "/ml/algorithms", 200, ALGORITHMS);

        CliRun run = CliRun.run("--url", server.url(), "algorithms", "zscore");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("zscore").doesNotContain("gbm");

        CliRun unknown = CliRun.run("--url", server.url(), "algorithms", "xgb");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no algorithm named 'xgb'; there are gbm, zscore");
    }
}
