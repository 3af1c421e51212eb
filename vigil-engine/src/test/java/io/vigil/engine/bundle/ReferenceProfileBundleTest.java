package io.vigil.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.engine.drift.ReferenceProfiler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference profile as a bundle member: written after the manifest, read alone, checked like the other members. */
class ReferenceProfileBundleTest {
    static TrainedModel model;
    static ReferenceProfile profile;
    static byte[] bundle;

    @BeforeAll
    static void write() throws Exception {
        model = ModelBundleTest.train("gbm");
        profile = ReferenceProfiler.profile(model, ModelBundleTest.TRAIN, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBundle.write(model, profile, out);
        bundle = out.toByteArray();
    }

    @Test
    void theProfileIsReadBackAloneAndTheModelStillLoads() throws Exception {
        assertThat(ModelBundle.referenceProfile(new ByteArrayInputStream(bundle))).contains(profile);
        assertThat(ModelBundle.read(new ByteArrayInputStream(bundle)).scores(ModelBundleTest.TEST))
                .containsExactly(model.scores(ModelBundleTest.TEST));
        BundleManifest manifest = ModelBundle.manifest(new ByteArrayInputStream(bundle));
        assertThat(manifest.referenceProfile().name()).isEqualTo("reference-profile.json");
        assertThat(manifest.referenceProfile().bytes()).isEqualTo(profile.toJson().length);
        assertThat(profile.inputs()).extracting(p -> p.name()).containsExactlyElementsOf(model.pipeline().inputNames());
        assertThat(profile.rows()).isEqualTo(1500);
    }

    @Test
    void aBundleWrittenBeforeProfilesHasNone() throws Exception {
        assertThat(ModelBundle.referenceProfile(new ByteArrayInputStream(ModelBundle.toBytes(model)))).isEmpty();
        assertThat(ModelBundle.manifest(new ByteArrayInputStream(ModelBundle.toBytes(model))).referenceProfile()).isNull();
    }

    @Test
    void aTamperedProfileIsRefusedByItsHash() throws Exception {
        String json = new String(profile.toJson(), StandardCharsets.UTF_8).replace("\"rows\":1500", "\"rows\":1501");
        byte[] tampered = rebuild(null, Map.of(ModelBundle.PROFILE, json.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ModelBundle.referenceProfile(new ByteArrayInputStream(tampered)))
                .isInstanceOf(InvalidBundleException.class).hasMessage("reference-profile.json does not match its SHA-256");
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(tampered))).hasMessage("reference-profile.json does not match its SHA-256");
    }

    @Test
    void aProfileThatDoesNotFitTogetherIsRefusedEvenWithItsHash() throws Exception {
        String json = new String(profile.toJson(), StandardCharsets.UTF_8).replaceFirst("\"counts\":\\[", "\"counts\":[-5,");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] damaged = rebuild(m -> withProfileEntry(m, "reference-profile.json", ModelBundle.sha256(bytes), bytes.length),
                Map.of(ModelBundle.PROFILE, bytes));
        assertThatThrownBy(() -> ModelBundle.referenceProfile(new ByteArrayInputStream(damaged)))
                .isInstanceOf(InvalidBundleException.class).hasMessageStartingWith("the bundle's reference-profile.json is not valid: ");
    }

    @Test
    void theManifestsProfileEntryIsChecked() throws Exception {
        byte[] renamed = rebuild(m -> withProfileEntry(m, "../profile.json", "0".repeat(64), 10), Map.of());
        assertThatThrownBy(() -> ModelBundle.manifest(new ByteArrayInputStream(renamed)))
                .hasMessage("the manifest names its reference profile '../profile.json': a reference profile is always reference-profile.json");
        byte[] huge = rebuild(m -> withProfileEntry(m, "reference-profile.json", "0".repeat(64), 1L << 40), Map.of());
        assertThatThrownBy(() -> ModelBundle.manifest(new ByteArrayInputStream(huge)))
                .hasMessageContaining("a reference profile holds at most " + (64L << 20));
        byte[] badHash = rebuild(m -> withProfileEntry(m, "reference-profile.json", "xyz", 10), Map.of());
        assertThatThrownBy(() -> ModelBundle.manifest(new ByteArrayInputStream(badHash))).hasMessageContaining("SHA-256 of reference-profile.json");
        byte[] absent = rebuild(null, Map.of(ModelBundle.PROFILE, new byte[0]), true);
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(absent))).hasMessage("bundle lacks reference-profile.json listed in its manifest");
    }

    @Test
    void anUnlistedProfileMemberIsRefused() throws Exception {
        byte[] plain = ModelBundle.toBytes(model);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("manifest.json", ModelBundleTest.entry(plain, "manifest.json").getBytes(StandardCharsets.UTF_8));
        members.put("reference-profile.json", profile.toJson());
        members.put("native/model.json", ModelBundleTest.entry(plain, "native/model.json").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(RawZip.deflated(members))))
                .hasMessage("bundle member 'reference-profile.json' is refused: it is not manifest.json nor a native file its manifest lists"
                        + " (nor a reference profile it lists)");
    }

    @Test
    void theLimitOnProfilesIsItsOwn() {
        assertThat(BundleLimits.DEFAULTS.maxProfileBytes()).isEqualTo(64L << 20);
        assertThat(new BundleLimits(3, 10, 10, 10, 1).maxProfileBytes()).isEqualTo(64L << 20);
        assertThatThrownBy(() -> new BundleLimits(3, 10, 10, 10, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The bundle again, its manifest changed by {@code manifest} and members replaced by {@code replaced}. */
    private static byte[] rebuild(UnaryOperator<Map<String, Object>> manifest, Map<String, byte[]> replaced) throws Exception {
        return rebuild(manifest, replaced, false);
    }

    @SuppressWarnings("unchecked")
    private static byte[] rebuild(UnaryOperator<Map<String, Object>> manifest, Map<String, byte[]> replaced, boolean dropReplaced)
            throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (String name : new String[] {"manifest.json", ModelBundle.PROFILE, "native/model.json"}) {
            members.put(name, ModelBundleTest.entry(bundle, name).getBytes(StandardCharsets.UTF_8));
        }
        if (manifest != null) {
            Map<String, Object> m = ModelJson.MAPPER.readValue(members.get("manifest.json"), Map.class);
            members.put("manifest.json", ModelJson.MAPPER.writeValueAsBytes(manifest.apply(m)));
        }
        for (var e : replaced.entrySet()) {
            if (dropReplaced) members.remove(e.getKey()); else members.put(e.getKey(), e.getValue());
        }
        return RawZip.deflated(members);
    }

    private static Map<String, Object> withProfileEntry(Map<String, Object> m, String name, String sha256, long bytes) {
        m.put("referenceProfile", Map.of("name", name, "sha256", sha256, "bytes", bytes));
        return m;
    }
}
