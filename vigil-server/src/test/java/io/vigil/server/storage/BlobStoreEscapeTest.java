package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Defence in depth under {@code TraversalAttacksIT}: the local blob store itself refuses every key
 * that could name a file outside its root, whoever passes it (today no caller passes a user's text;
 * a future one might). Each key is tried on every method that takes one, next to planted files
 * at the places the key would reach if it were joined to the root as a path: they must stay
 * unread, unchanged and undeleted, and the refusal is an {@link IllegalArgumentException} before
 * the disk is touched.
 */
class BlobStoreEscapeTest {
    private static final String HEX = "ab".repeat(32);
    private static final String MARKER = "blob-store-escape-" + UUID.randomUUID();

    @TempDir
    Path sandbox;
    Path root;
    LocalBlobStore store;

    @BeforeEach
    void setUp() throws IOException {
        root = sandbox.resolve("data").resolve("blobs");
        store = new LocalBlobStore(root);
        for (Path planted : new Path[] {sandbox.resolve("secret.txt"), root.resolve("secret.txt"),
                root.resolve("sha256").resolve("secret.txt"), root.resolve("tmp").resolve("secret.txt")}) {
            Files.writeString(planted, MARKER);
        }
    }

    static Stream<String> escapingKeys() {
        return Stream.of(
                "../secret.txt", "../../secret.txt", "sha256/../secret.txt", "sha256/../../secret.txt",
                "sha256/ab/../../secret.txt", "sha256/" + HEX + "/../../secret.txt", "sha256/../tmp/secret.txt",
                "/etc/passwd", "sha256//etc/passwd", "sha256/" + "/" + HEX, "/sha256/" + HEX,
                "sha256\\..\\..\\secret.txt", "..\\secret.txt", "C:\\Windows\\win.ini", "sha256\\" + HEX,
                "sha256/" + HEX + "\u0000", "sha256/\u0000../secret.txt", "secret.txt\u0000",
                "sha256//" + HEX.substring(1), "sha256/./" + HEX.substring(2), "sha256/" + HEX + "/", "sha256/ab//" + HEX,
                "sha256/%2e%2e%2fsecret.txt", "sha256/..%2f..%2fsecret.txt", "sha256/\u00c0\u00ae\u00c0\u00ae/secret.txt",
                "sha256/\uff0e\uff0e\uff0fsecret.txt", "sha256/" + HEX.toUpperCase(), " sha256/" + HEX, "sha256/" + HEX + "\n",
                "", "sha256/", "secret.txt");
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @MethodSource("escapingKeys")
    void aKeyThatIsAPathIsRefusedByEveryMethodAndReachesNoFile(String key) throws IOException {
        Map<String, String> before = everyFile();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid blob key");
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid blob key");
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid blob key");
        assertThat(everyFile()).isEqualTo(before);
        try (Stream<BlobInfo> listed = store.list()) {
            assertThat(listed).as("a planted file is not a blob").isEmpty();
        }
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @MethodSource("escapingKeys")
    void theRefusalNamesNoPathAndEchoesNoControlCharacter(String key) {
        assertThatThrownBy(() -> store.open(key)).satisfies(e -> assertThat(e.getMessage())
                .doesNotContain(root.toString()).doesNotContain(MARKER).doesNotContainPattern("\\p{Cntrl}"));
    }

    /** The control: a well-formed key is read and deleted where the layout puts it, and the planted files stay. */
    @org.junit.jupiter.api.Test
    void controlAWellFormedKeyWorksInsideTheRoot() throws IOException {
        Map<String, String> before = everyFile();
        BlobInfo blob;
        try (BlobWriter writer = store.newWriter()) {
            writer.stream().write("flows".getBytes(StandardCharsets.UTF_8));
            blob = writer.commit();
        }
        try (InputStream in = store.open(blob.key())) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("flows");
        }
        assertThat(store.delete(blob.key())).isTrue();
        assertThat(everyFile()).isEqualTo(before);
    }

    /** Every regular file of the sandbox, with its content. */
    private Map<String, String> everyFile() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(sandbox)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(sandbox.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
