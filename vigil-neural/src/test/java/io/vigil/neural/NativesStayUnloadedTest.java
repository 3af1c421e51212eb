package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Listing, describing and validating the neural algorithms (what the server does at start and on
 * model creation) loads no DL4J, ND4J or JavaCPP class, so the ~400 MB native unpack waits for the
 * first real training or load. Checked in a fresh JVM with {@code -verbose:class}.
 */
class NativesStayUnloadedTest {

    /** What the fresh JVM runs. */
    public static void main(String[] args) {
        System.out.println("algorithms " + Algorithms.names());
        for (String name : new String[] {"mlp", "lstm"}) {
            Trainer t = Algorithms.trainer(name);
            t.parameters();
            t.defaultPipeline("label");
            t.libraryVersions();
            t.validate(Map.of("epochs", 3));
        }
        System.out.println("registry-only done");
    }

    @Test
    void theRegistryDoesNotTouchDl4j() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-verbose:class", "-cp", System.getProperty("java.class.path"),
                NativesStayUnloadedTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("registry-only done").contains("mlp, lstm");
        assertThat(out).contains("io.vigil.neural.MlpTrainer").contains("io.vigil.neural.LstmTrainer");
        assertThat(out).doesNotContain("org.nd4j").doesNotContain("org.deeplearning4j").doesNotContain("org.bytedeco");
    }
}
