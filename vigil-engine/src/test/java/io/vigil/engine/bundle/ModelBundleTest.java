package io.vigil.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.Prediction;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.testing.Synthetic;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelBundleTest {
    static final Table TRAIN = Synthetic.table(1500, 11, false);
    static final Table TEST = Synthetic.table(300, 12, false);

    static TrainedModel train(String algorithm) {
        PipelineSpec spec = switch (algorithm) {
            case "logistic_regression" -> PipelineSpec.forLinear("label");
            case "isolation_forest", "zscore", "iqr", "mad" -> PipelineSpec.forDetectors(null);
            default -> PipelineSpec.forTrees("label");
        };
        Map<String, Object> params = switch (algorithm) {
            case "gbm" -> Map.of("rounds", 10);
            case "random_forest" -> Map.of("trees", 10);
            case "isolation_forest" -> Map.of("trees", 20);
            default -> Map.of();
        };
        return Training.of(TRAIN, Algorithms.trainer(algorithm)).pipeline(spec.withDrop("id")).params(params).seed(4).threads(2).run()
                .withMetrics(Map.of("accuracy", 0.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gbm", "random_forest", "logistic_regression", "isolation_forest", "zscore", "iqr", "mad"})
    void roundTripGivesIdenticalPredictions(String algorithm) throws Exception {
        TrainedModel original = train(algorithm);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBundle.write(original, out);
        TrainedModel loaded = ModelBundle.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(loaded.scores(TEST)).containsExactly(original.scores(TEST));
        assertThat(loaded.provenance()).isEqualTo(original.provenance());
        assertThat(loaded.pipeline()).isEqualTo(original.pipeline());
        assertThat(loaded.metrics()).containsEntry("accuracy", 0.5);
        BundleManifest manifest = ModelBundle.manifest(new ByteArrayInputStream(out.toByteArray()));
        assertThat(manifest.formatVersion()).isEqualTo(1); // without window features: the layout older Vigils read
        assertThat(manifest.algorithm()).isEqualTo(algorithm);
        assertThat(manifest.inputSchema()).extracting(f -> f.name()).doesNotContain("id");
    }

    @Test
    void manifestIsReadableJsonWithProvenance() throws Exception {
        byte[] bundle = ModelBundle.toBytes(train("gbm"));
        String manifest = entry(bundle, "manifest.json");
        assertThat(manifest).contains("\"format\" : \"vigil-model-bundle\"", "\"formatVersion\" : 1", "\"dataSha256\"",
                "\"xgboost4j\" : \"3.0.4\"", "\"inputSchema\"", "\"hyperparameters\"", "\"seed\" : 4");
        assertThat(entry(bundle, "native/model.json")).startsWith("{");
    }

    @Test
    void rejectsTamperedAndNewerBundles() throws Exception {
        byte[] bundle = ModelBundle.toBytes(train("gbm"));
        String manifest = entry(bundle, "manifest.json");
        byte[] newer = rezip(manifest.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"), entry(bundle, "native/model.json"));
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(newer))).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("newer");
        byte[] tampered = rezip(manifest, entry(bundle, "native/model.json").replace("\"", " \""));
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(tampered))).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).hasMessageContaining("manifest.json");
    }

    /** A bundle written by engine 0.1.0 (format 1), committed: later versions must keep loading it. */
    @Test
    void loadsTheCommittedVersion1Bundle() throws Exception {
        TrainedModel m;
        try (var in = getClass().getResourceAsStream("/bundles/gbm-format1.zip")) {
            assertThat(in).as("test resource bundles/gbm-format1.zip").isNotNull();
            m = ModelBundle.read(in);
        }
        assertThat(m.provenance().algorithm()).isEqualTo("gbm");
        assertThat(m.classes()).containsExactly("normal", "attack");
        Prediction p = m.predict(Map.of("x1", 3.0, "x2", 2.0, "proto", "icmp"));
        assertThat(p.label()).isEqualTo("attack");
        Prediction q = m.predict(Map.of("x1", -2.0, "x2", -1.0, "proto", "tcp"));
        assertThat(q.label()).isEqualTo("normal");
        // scores recorded when the bundle was written
        assertThat(m.metrics()).containsKey("probe_attack");
        assertThat(p.score()).isCloseTo(m.metrics().get("probe_attack"), org.assertj.core.api.Assertions.within(1e-12));
    }

    /** Regenerates the committed bundle: {@code -Dvigil.writeBundle=src/test/resources/bundles/gbm-format1.zip}. */
    @Test
    void writeCommittedBundleWhenAsked() throws Exception {
        String path = System.getProperty("vigil.writeBundle");
        if (path == null) return;
        TrainedModel m = Training.of(TRAIN, Algorithms.trainer("gbm"))
                .pipeline(PipelineSpec.forTrees("label").withDrop("id").withPositiveClass("attack"))
                .params(Map.of("rounds", 10, "max_depth", 3)).seed(1).threads(1).run();
        double probe = m.predict(Map.of("x1", 3.0, "x2", 2.0, "proto", "icmp")).score();
        m = m.withMetrics(Map.of("accuracy", 0.9, "probe_attack", probe));
        try (var out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(path))) {
            ModelBundle.write(m, out);
        }
    }

    static String entry(byte[] zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name);
    }

    static byte[] rezip(String manifest, String model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : List.of(Map.entry("manifest.json", manifest), Map.entry("native/model.json", model))) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
