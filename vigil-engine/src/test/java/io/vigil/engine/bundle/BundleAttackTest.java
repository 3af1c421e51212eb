package io.vigil.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainedModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks on model files that MLflow and H2O have shipped CVEs for, tried against
 * {@link ModelBundle#read}: path traversal through member names (zip slip), decompression bombs
 * (zip bomb), and loading untrusted model files through Java deserialization (unsafe
 * deserialization, CWE-502). Each is refused with an {@link InvalidBundleException} that says
 * why, before anything in the bundle is used; nothing is written anywhere and nothing deserialized.
 */
class BundleAttackTest {
    static byte[] gbm;
    static String manifest;
    static byte[] model;

    @BeforeAll
    static void trainOnce() throws Exception {
        gbm = ModelBundle.toBytes(ModelBundleTest.train("gbm"));
        manifest = ModelBundleTest.entry(gbm, "manifest.json");
        model = ModelBundleTest.entry(gbm, "native/model.json").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- zip slip

    @ParameterizedTest
    @ValueSource(strings = {"../../%s", "native/../../%s", "native/../../../%s", "/tmp/%s", "C:\\Windows\\%s", "c:/%s",
            "\\\\host\\share\\%s", "native\\..\\..\\%s", "native/%s\u0000.json", "native/%s\n.json", "./%s", "native//%s",
            "native/./%s"})
    void zipSlipMemberNamesAreRefusedBeforeAnythingIsRead(String pattern) throws Exception {
        String marker = "vigil-zipslip-" + UUID.randomUUID();
        String name = String.format(pattern, marker);
        byte[] first = new RawZip().stored(name, "owned").stored("manifest.json", manifest).stored("native/model.json", model).bytes();
        byte[] after = new RawZip().stored("manifest.json", manifest).stored("native/model.json", model).stored(name, "owned").bytes();
        for (byte[] bundle : List.of(first, after)) {
            assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).isInstanceOf(InvalidBundleException.class)
                    .hasMessageStartingWith("bundle member '")
                    .hasMessageContaining(marker)
                    .hasMessageNotContaining("\u0000").hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> ModelBundle.manifest(new ByteArrayInputStream(first))).isInstanceOf(InvalidBundleException.class);
        nothingWritten(marker);
    }

    @Test
    void zipSlipTraversalIsNamedAsSuch() {
        byte[] bundle = new RawZip().stored("manifest.json", manifest).stored("native/../../evil.sh", "owned").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle)))
                .hasMessage("bundle member 'native/../../evil.sh' is refused: it climbs out of the bundle with '..' (zip slip)");
        byte[] absolute = new RawZip().stored("/etc/cron.d/evil", "owned").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(absolute))).hasMessageContaining("absolute name");
        byte[] windows = new RawZip().stored("manifest.json", manifest).stored("native\\model.json", model).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(windows))).hasMessageContaining("backslash");
        byte[] nul = new RawZip().stored("manifest.json", manifest).stored("native/model.json\u0000.sh", model).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(nul)))
                .hasMessage("bundle member 'native/model.json\\u0000.sh' is refused: it holds a control character (NUL, newline, ...)");
    }

    @Test
    void zipSlipThroughTheManifestsNativeFileNamesIsRefused() throws Exception {
        for (String name : List.of("../../evil.sh", "/etc/evil", "sub/model.json", "model.json\u0000", "..", ".hidden", "a\\b", "")) {
            ObjectNode m = manifestTree();
            ((ObjectNode) m.withArray("nativeFiles").get(0)).put("name", name);
            byte[] bundle = new RawZip().stored("manifest.json", json(m)).stored("native/" + name, model).bytes();
            assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).as(name).isInstanceOf(InvalidBundleException.class)
                    .hasMessageContaining("one plain file name");
        }
    }

    /** An algorithm (a plug-in's, say) cannot write a bundle the reader would refuse: its names are checked on the way out too. */
    @Test
    void zipSlipNamesAreRefusedWhenWritingToo() {
        TrainedModel trained = ModelBundleTest.train("zscore");
        Model evil = (Model) java.lang.reflect.Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[] {Model.class},
                (proxy, method, args) -> method.getName().equals("nativeFiles") ? Map.of("../../evil.sh", new byte[1])
                        : method.invoke(trained.model(), args));
        TrainedModel withEvilNames = new TrainedModel(trained.pipeline(), evil, trained.provenance(), trained.metrics());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> ModelBundle.write(withEvilNames, out)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("'../../evil.sh'");
        assertThat(out.size()).isZero();
    }

    @Test
    void zipSlipWithDuplicateAndUnknownMembersIsRefused() {
        byte[] twoManifests = new RawZip().stored("manifest.json", manifest).stored("manifest.json", manifest).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(twoManifests)))
                .hasMessage("bundle member 'manifest.json' is refused: the bundle holds it twice");
        byte[] twoModels = new RawZip().stored("manifest.json", manifest).stored("native/model.json", model)
                .stored("native/model.json", "{}").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(twoModels))).hasMessageContaining("twice");
        for (String unknown : List.of("native/extra.bin", "README.txt", "META-INF/MANIFEST.MF", "native/model.json/x")) {
            byte[] bundle = new RawZip().stored("manifest.json", manifest).stored("native/model.json", model).stored(unknown, "x").bytes();
            assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).as(unknown)
                    .hasMessageContaining("is refused").hasMessageContaining("nor a native file its manifest lists");
        }
        byte[] directory = new RawZip().stored("manifest.json", manifest).stored("native/", "").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(directory)))
                .hasMessage("bundle member 'native/' is refused: it is not a plain relative name");
        byte[] modelFirst = new RawZip().stored("native/model.json", model).stored("manifest.json", manifest).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(modelFirst)))
                .hasMessage("not a model bundle: manifest.json must be its first member, found 'native/model.json'");
    }

    // ---------------------------------------------------------------- zip bomb

    static final long GIB = 1L << 30;

    /** 1 GiB of zeros deflated into one member (about 1 MB): the classic bomb, built here once. */
    static byte[] bomb(String... before) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : before) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.equals("manifest.json") ? manifestDeclaring(GIB) : model);
                zip.closeEntry();
            }
            RawZip.zeros(zip, before.length == 0 ? "manifest.json" : "native/model.json", GIB);
        }
        return bytes.toByteArray();
    }

    @Test
    void zipBombAsTheManifestIsRefusedQuicklyWithoutInflatingIt() throws Exception {
        byte[] bundle = bomb();
        assertThat(bundle.length).as("compressed size").isLessThan(1_200_000);
        refusedCheaply(bundle, "manifest.json");
    }

    @Test
    void zipBombAsANativeFileIsRefusedQuicklyWithoutInflatingIt() throws Exception {
        // the manifest declares the full gigabyte, which is within the per-file limit: only the ratio can stop it
        refusedCheaply(bomb("manifest.json"), "native/model.json");
    }

    @Test
    void zipBombLargerThanItsManifestSaysStopsAtTheDeclaredSize() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8)); // declares model.json at its true size
            zip.closeEntry();
            RawZip.zeros(zip, "native/model.json", 64L << 20);
        }
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bytes.toByteArray())))
                .hasMessage("native/model.json does not match its SHA-256 and size in the manifest: it is larger than the "
                        + model.length + " bytes declared");
    }

    @Test
    void nativeFilesOfAnotherSizeThanDeclaredAreRefused() {
        byte[] longer = new RawZip().stored("manifest.json", manifest).stored("native/model.json", Arrays.copyOf(model, model.length + 1)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(longer)))
                .hasMessage("native/model.json does not match its SHA-256 and size in the manifest: it declares " + (model.length + 1)
                        + " bytes, the manifest " + model.length);
        byte[] shorter = new RawZip().stored("manifest.json", manifest).stored("native/model.json", Arrays.copyOf(model, 10)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(shorter)))
                .hasMessage("native/model.json does not match its SHA-256 and size in the manifest: it has 10 bytes, the manifest says "
                        + model.length);
        byte[] missing = new RawZip().stored("manifest.json", manifest).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(missing)))
                .hasMessage("bundle lacks native/model.json listed in its manifest");
    }

    @Test
    void zipBombOfDeclaredSizesIsRefusedFromTheManifestAlone() throws Exception {
        byte[] bundle = new RawZip().stored("manifest.json", manifestDeclaring(GIB + 1)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle)))
                .hasMessage("native file 'model.json' is declared as " + (GIB + 1) + " bytes; a native file holds at most " + GIB);
        ObjectNode m = manifestTree();
        ArrayNode files = m.withArray("nativeFiles");
        for (int i = 0; i < 3; i++) files.addObject().put("name", "part-" + i).put("sha256", "0".repeat(64)).put("bytes", GIB);
        byte[] many = new RawZip().stored("manifest.json", json(m)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(many)))
                .hasMessage("the bundle's members add up to more than " + (2 * GIB) + " bytes");
    }

    @Test
    void zipBombOfManyMembersIsRefusedAtTheMemberLimit() throws Exception {
        // members are counted by the manifest: each member must be one it lists, once
        ObjectNode thousands = manifestTree();
        for (int i = 0; i < 5000; i++) thousands.withArray("nativeFiles").addObject().put("name", "f" + i).put("sha256", "0".repeat(64)).put("bytes", 0);
        byte[] bundle = new RawZip().stored("manifest.json", json(thousands)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle)))
                .hasMessage("the manifest lists 5001 native files; a bundle holds at most 4095");
        BundleLimits three = new BundleLimits(3, 1 << 20, 1 << 20, 1 << 21, 100);
        ObjectNode m = manifestTree();
        for (int i = 0; i < 3; i++) m.withArray("nativeFiles").addObject().put("name", "f" + i).put("sha256", "0".repeat(64)).put("bytes", 0);
        byte[] listed = new RawZip().stored("manifest.json", json(m)).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(listed), three))
                .hasMessage("the manifest lists 4 native files; a bundle holds at most 2");
    }

    @Test
    void zipBombLimitsAreTheCallersToTighten() {
        BundleLimits tiny = new BundleLimits(10, 1000, 1 << 20, 1 << 21, 100);
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(gbm), tiny))
                .hasMessage("bundle member 'manifest.json' is larger than 1000 bytes");
        BundleLimits total = new BundleLimits(10, 1 << 20, 1 << 20, manifest.length() + 100, 100);
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(gbm), total))
                .hasMessageContaining("add up to more than");
        byte[] stored = new RawZip().stored("manifest.json", manifest).stored("native/model.json", model).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(stored), tiny))
                .hasMessage("bundle member 'manifest.json' declares " + manifest.length() + " bytes, more than 1000");
        assertThatThrownBy(() -> new BundleLimits(0, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BundleLimits(1, 1, 4L << 30, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** What Vigil writes itself must load under the defaults with room to spare: measured per algorithm. */
    @ParameterizedTest
    @ValueSource(strings = {"gbm", "random_forest", "logistic_regression", "isolation_forest", "zscore", "iqr", "mad"})
    void zipBombRatioLimitLeavesRoomForRealBundles(String algorithm) throws Exception {
        byte[] bundle = ModelBundle.toBytes(ModelBundleTest.train(algorithm));
        double worst = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                long inflated = in.readAllBytes().length;
                worst = Math.max(worst, (double) inflated / e.getCompressedSize());
            }
        }
        System.out.printf("bundle %s: %d bytes, worst member ratio %.1f%n", algorithm, bundle.length, worst);
        assertThat(worst).isLessThan(BundleLimits.DEFAULTS.maxCompressionRatio() / 5.0);
    }

    private static void refusedCheaply(byte[] bundle, String member) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("bundle member '" + member + "' inflates more than 100 times its compressed size (a zip bomb?)");
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.printf("zip bomb (%d bytes -> 1 GiB) as %s refused in %d ms, %d KiB allocated%n", bundle.length, member, millis,
                allocated >> 10);
        assertThat(millis).as("ms to refuse").isLessThan(2_000);
        assertThat(allocated).as("bytes allocated while refusing a 1 GiB bomb").isLessThan(32L << 20);
    }

    // ---------------------------------------------------------------- unsafe deserialization

    /** A gadget-like class: deserializing it runs code, which here only sets a flag. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean DESERIALIZED = new AtomicBoolean();
        final String command = "touch /tmp/pwned";

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.set(true);
        }
    }

    static byte[] serializedPayload() throws IOException {
        HashMap<String, Object> map = new HashMap<>(Map.of("format", "vigil-model-bundle", "gadget", new Gadget()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(map);
        }
        return bytes.toByteArray();
    }

    @Test
    void unsafeDeserializationCanaryWorks() throws Exception {
        // the canary is real: deserializing the payload here (test code only) does set the flag
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serializedPayload()))) {
            in.readObject();
        }
        assertThat(Gadget.DESERIALIZED.getAndSet(false)).isTrue();
    }

    @Test
    void unsafeDeserializationOfAWholeSerializedFileIsRefused() throws Exception {
        byte[] payload = serializedPayload();
        assertThat(payload[0] & 0xff).isEqualTo(0xAC);
        refusedUnread(() -> ModelBundle.read(new ByteArrayInputStream(payload)),
                "not a Vigil model bundle: the file is Java-serialized data, which Vigil never loads");
        refusedUnread(() -> ModelBundle.manifest(new ByteArrayInputStream(payload)),
                "not a Vigil model bundle: the file is Java-serialized data, which Vigil never loads");
    }

    @Test
    void unsafeDeserializationOfASerializedManifestIsRefused() throws Exception {
        byte[] bundle = new RawZip().stored("manifest.json", serializedPayload()).stored("native/model.json", model).bytes();
        refusedUnread(() -> ModelBundle.read(new ByteArrayInputStream(bundle)),
                "not a Vigil model bundle: member 'manifest.json' holds Java-serialized data, which Vigil never loads");
    }

    @Test
    void unsafeDeserializationOfASerializedModelFileIsRefusedBeforeTheAlgorithmSeesIt() throws Exception {
        byte[] payload = serializedPayload();
        ObjectNode m = manifestTree();
        // the manifest is honest about the payload: right size, right SHA-256
        ((ObjectNode) m.withArray("nativeFiles").get(0)).put("sha256", ModelBundle.sha256(payload)).put("bytes", payload.length);
        for (byte[] bundle : List.of(new RawZip().stored("manifest.json", json(m)).stored("native/model.json", payload).bytes(),
                RawZip.deflated(orderedMap("manifest.json", json(m).getBytes(StandardCharsets.UTF_8), "native/model.json", payload)))) {
            refusedUnread(() -> ModelBundle.read(new ByteArrayInputStream(bundle)),
                    "not a Vigil model bundle: member 'native/model.json' holds Java-serialized data, which Vigil never loads");
        }
    }

    /** No class of the engine can deserialize: none uses ObjectInputStream or ObjectInput at all. */
    @Test
    void unsafeDeserializationIsImpossibleBecauseTheEngineNeverUsesObjectInputStream() {
        JavaClasses engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vigil.engine");
        assertThat(engine).as("engine classes imported").hasSizeGreaterThan(50);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .areAssignableTo(java.io.ObjectInput.class).because("a model file is never Java-deserialized").check(engine);
    }

    private static void refusedUnread(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String message) {
        Gadget.DESERIALIZED.set(false);
        assertThatThrownBy(read).isInstanceOf(InvalidBundleException.class).hasMessage(message);
        assertThat(Gadget.DESERIALIZED.get()).as("the gadget's readObject ran").isFalse();
    }

    // ---------------------------------------------------------------- the manifest, checked before any model file is parsed

    @Test
    void manifestIsValidatedBeforeAnyModelFileIsParsed() throws Exception {
        refusedManifest(m -> m.put("algorithm", "pickle"), "the bundle's algorithm 'pickle' is not one this Vigil knows");
        refusedManifest(m -> m.remove("algorithm"), "the bundle's algorithm null is not one this Vigil knows");
        refusedManifest(m -> m.put("format", "mlflow-pyfunc"), "not a model bundle: format 'mlflow-pyfunc'");
        refusedManifest(m -> m.put("formatVersion", 0), "bundle format version 0 was never written by Vigil");
        refusedManifest(m -> m.put("formatVersion", -3), "bundle format version -3 was never written by Vigil");
        refusedManifest(m -> m.put("formatVersion", 3), "bundle format version 3 is newer than this engine reads");
        refusedManifest(m -> m.remove("pipeline"), "the bundle's manifest.json lacks 'pipeline'");
        refusedManifest(m -> m.remove("nativeFiles"), "the bundle's manifest.json lacks 'nativeFiles'");
        refusedManifest(m -> ((ObjectNode) m.withArray("nativeFiles").get(0)).put("sha256", "abc"), "is not 64 lowercase hex digits");
        refusedManifest(m -> ((ObjectNode) m.withArray("nativeFiles").get(0)).put("bytes", -1), "is declared as -1 bytes");
        refusedManifest(m -> m.withArray("nativeFiles").add(m.withArray("nativeFiles").get(0).deepCopy()),
                "the manifest lists native file 'model.json' twice");
        refusedManifest(m -> m.putObject("hyperparameters").put("rounds", -5), "the bundle's hyperparameters are not valid for gbm");
        refusedManifest(m -> m.putObject("hyperparameters").put("booster", "java.lang.Runtime"), "the bundle's hyperparameters are not valid for gbm");

        byte[] notJson = new RawZip().stored("manifest.json", "{\"format\": \"vigil-model-bundle\", ").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(notJson)))
                .hasMessageStartingWith("not a model bundle: manifest.json is not a bundle manifest");
        byte[] empty = new RawZip().stored("manifest.json", "").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(empty))).isInstanceOf(InvalidBundleException.class);
        byte[] array = new RawZip().stored("manifest.json", "[1, 2]").bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(array))).isInstanceOf(InvalidBundleException.class);
    }

    @Test
    void modelFilesThatMatchTheirHashButAreNotModelsGiveAClearError() throws Exception {
        byte[] junk = "{\"learner\": 42}".getBytes(StandardCharsets.UTF_8);
        ObjectNode m = manifestTree();
        ((ObjectNode) m.withArray("nativeFiles").get(0)).put("sha256", ModelBundle.sha256(junk)).put("bytes", junk.length);
        byte[] bundle = new RawZip().stored("manifest.json", json(m)).stored("native/model.json", junk).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("the bundle's gbm model files cannot be loaded: ");
    }

    // ---------------------------------------------------------------- corrupted and truncated bundles

    /** Every cut before the central directory (which a stream reader does not need) loses data the bundle needs. */
    @Test
    void truncatedBundlesGiveAClearErrorAtEveryLength() {
        int endRecord = gbm.length - 22; // no comment: the end-of-central-directory record is the last 22 bytes
        assertThat(Arrays.copyOfRange(gbm, endRecord, endRecord + 4)).containsExactly('P', 'K', 5, 6);
        int centralDirectory = (gbm[endRecord + 16] & 0xff) | (gbm[endRecord + 17] & 0xff) << 8 | (gbm[endRecord + 18] & 0xff) << 16;
        for (int length = 0; length < centralDirectory; length++) {
            byte[] cut = Arrays.copyOf(gbm, length);
            assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(cut))).as("cut at %d of %d", length, gbm.length)
                    .isInstanceOf(InvalidBundleException.class);
        }
    }

    @Test
    void corruptedBundlesLoadOrGiveAClearErrorNeverAnotherException() throws Exception {
        Random random = new Random(18);
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] bad = gbm.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                TrainedModel loaded = ModelBundle.read(new ByteArrayInputStream(bad));
                assertThat(loaded.model()).isNotNull(); // a flip in a timestamp or the central directory changes nothing read
            } catch (InvalidBundleException expected) {
                refused++;
            }
        }
        System.out.printf("corrupted bundles: %d of 1000 refused with InvalidBundleException, the rest loaded%n", refused);
        assertThat(refused).isGreaterThan(500);
    }

    // ---------------------------------------------------------------- helpers

    private static void nothingWritten(String marker) throws IOException {
        for (Path root : List.of(Path.of("").toAbsolutePath(), Path.of(System.getProperty("java.io.tmpdir")), Path.of("/"))) {
            Path dir = root;
            for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
                try (var files = Files.list(dir)) {
                    assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(marker));
                }
            }
        }
    }

    private static void refusedManifest(Consumer<ObjectNode> change, String message) throws Exception {
        ObjectNode m = manifestTree();
        change.accept(m);
        byte[] bundle = new RawZip().stored("manifest.json", json(m)).stored("native/model.json", model).bytes();
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(bundle))).as(message).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(message);
    }

    static ObjectNode manifestTree() throws IOException {
        return (ObjectNode) ModelJson.MAPPER.readTree(manifest);
    }

    static String json(ObjectNode tree) throws IOException {
        return ModelJson.MAPPER.writeValueAsString(tree);
    }

    static byte[] manifestDeclaring(long bytes) throws IOException {
        ObjectNode m = manifestTree();
        ((ObjectNode) m.withArray("nativeFiles").get(0)).put("bytes", bytes);
        return json(m).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> orderedMap(String k1, byte[] v1, String k2, byte[] v2) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
