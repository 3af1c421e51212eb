package io.vigil.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import io.vigil.engine.windows.OnlineWindows;
import io.vigil.engine.windows.WindowFeature;
import io.vigil.engine.windows.WindowFeatures;
import io.vigil.engine.windows.WindowKind;
import io.vigil.engine.windows.WindowSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** A model trained with window features keeps them in its bundle, checked like the rest of it when read. */
class WindowBundleTest {
    static final WindowSpec SPEC = WindowSpec.of(List.of("host"), "ts", List.of(
            WindowFeature.over(WindowKind.COUNT, null, "10m"), WindowFeature.over(WindowKind.MEAN, "bytes", "10m"),
            WindowFeature.diff("bytes", 1), WindowFeature.residual("bytes", "hour", 3), WindowFeature.calendar(WindowKind.HOUR, true)));

    /** Hosts sending bytes; a burst (many events in ten minutes) is the attack, which only count_10m shows. */
    static Table events(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        TableBuilder b = new TableBuilder(List.of("host", "ts", "bytes", "label"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        long t = 1_709_251_200L;
        for (int i = 0; i < rows; i++) {
            boolean burst = r.nextDouble() < 0.1;
            String host = "h" + r.nextInt(8);
            int n = burst ? 12 : 1;
            for (int k = 0; k < n; k++) {
                t += burst ? 5 : 60 + r.nextInt(600);
                b.addRow(new String[] {host, Long.toString(t), Long.toString(200 + r.nextInt(800)), burst && k > 4 ? "attack" : "normal"});
            }
        }
        return b.build();
    }

    static TrainedModel trained() {
        Table events = events(1, 600);
        WindowFeatures windows = WindowFeatures.fit(SPEC, events);
        return Training.of(windows.transform(events), Algorithms.trainer("gbm")).windows(windows)
                .pipeline(PipelineSpec.forTrees("label")).params(Map.of("rounds", 20)).seed(3).threads(1).run();
    }

    @Test
    void theBundleKeepsTheSpecAndTheFittedBaselinesAndTheModelLearnsFromThem() throws Exception {
        TrainedModel model = trained();
        assertThat(model.pipeline().inputNames()).containsExactly("bytes", "count_10m", "bytes_mean_10m", "bytes_diff_1",
                "bytes_residual_hour", "hour_sin", "hour_cos"); // host and ts are not inputs
        assertThat(model.pipeline().dropped()).contains("host", "ts");
        byte[] bytes = ModelBundle.toBytes(model);
        Map<String, byte[]> members = members(bytes);
        assertThat(members.keySet()).containsExactly("manifest.json", "window-baselines.json", "native/model.json");
        BundleManifest manifest = ModelBundle.manifest(new ByteArrayInputStream(bytes));
        assertThat(manifest.formatVersion()).isEqualTo(2);
        assertThat(manifest.windows()).isEqualTo(SPEC);

        TrainedModel loaded = ModelBundle.fromBytes(bytes);
        assertThat(loaded.windows().spec()).isEqualTo(SPEC);
        assertThat(loaded.windows().baselines()).usingRecursiveComparison().isEqualTo(model.windows().baselines());
        Table live = events(2, 200);
        Table offline = model.windows().transform(live);
        assertThat(loaded.scores(loaded.windows().transform(live))).containsExactly(model.scores(offline));

        // served from raw events, one at a time, the loaded model sees the offline features and scores alike
        OnlineWindows online = loaded.windows().online(100);
        double[] scores = model.scores(offline);
        int bursts = 0;
        for (int row = 0; row < live.rowCount(); row++) {
            Map<String, Object> record = new LinkedHashMap<>(Map.of("host", live.column("host").text(row),
                    "ts", live.column("ts").text(row), "bytes", live.column("bytes").text(row)));
            double[] features = online.update(record);
            for (int f = 0; f < features.length; f++) record.put(loaded.windows().featureNames().get(f), features[f]);
            assertThat(loaded.predict(record).score()).isEqualTo(scores[row], org.assertj.core.api.Assertions.within(1e-6));
            if (live.column("label").text(row).equals("attack")) bursts++;
        }
        assertThat(bursts).isGreaterThan(10);
        assertThat(model.pipeline().featureNames()).contains("count_10m");
    }

    @Test
    void aModelWithoutWindowsIsWrittenAsTheLayoutOlderVigilsRead() throws Exception {
        byte[] bytes = ModelBundle.toBytes(ModelBundleTest.train("gbm"));
        BundleManifest manifest = ModelBundle.manifest(new ByteArrayInputStream(bytes));
        assertThat(manifest.formatVersion()).isEqualTo(1);
        assertThat(manifest.windows()).isNull();
        assertThat(new String(members(bytes).get("manifest.json"))).doesNotContain("windows");
        assertThat(ModelBundle.fromBytes(bytes).windows()).isNull();
    }

    @Test
    void trainingRefusesATableWithoutItsWindowColumns() {
        Table events = events(1, 50);
        WindowFeatures windows = WindowFeatures.fit(SPEC, events);
        assertThatThrownBy(() -> Training.of(events, Algorithms.trainer("gbm")).windows(windows).pipeline(PipelineSpec.forTrees("label")).run())
                .hasMessageStartingWith("the table lacks the window columns [count_10m, bytes_mean_10m");
    }

    @Test
    void windowsInTheManifestAreCheckedBeforeUse() throws Exception {
        byte[] bytes = ModelBundle.toBytes(trained());
        refused(bytes, m -> m.put("formatVersion", 1), "the manifest has window features, which bundle format version 1 cannot hold");
        refused(bytes, m -> ((ObjectNode) m.get("windows")).remove("time"), "the bundle's window features are not valid: [time: is required");
        refused(bytes, m -> m.remove("windows"), "the manifest lists window baselines without window features");
        refused(bytes, m -> ((ObjectNode) m.get("windowBaselines")).put("name", "../evil.json"),
                "the manifest names its window baselines '../evil.json': they are always window-baselines.json");
        refused(bytes, m -> ((ObjectNode) m.get("windowBaselines")).put("sha256", "0".repeat(64)), "window-baselines.json does not match its SHA-256");
        refused(bytes, m -> ((ObjectNode) m.get("windows").withArray("features").get(3)).put("season", "weekday"),
                "the bundle's window features cannot be loaded: the fitted baseline of [bytes_residual_weekday] does not match its feature");
        refused(bytes, m -> m.remove("windowBaselines"), "bundle member 'window-baselines.json' is refused");
    }

    private static void refused(byte[] bundle, Consumer<ObjectNode> change, String message) throws IOException {
        Map<String, byte[]> members = members(bundle);
        ObjectNode manifest = (ObjectNode) ModelJson.MAPPER.readTree(members.get("manifest.json"));
        change.accept(manifest);
        members.put("manifest.json", ModelJson.MAPPER.writeValueAsBytes(manifest));
        byte[] changed = zip(members);
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(changed))).as(message).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(message);
    }

    static Map<String, byte[]> members(byte[] bundle) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) out.put(e.getName(), zip.readAllBytes());
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
