package io.vigil.server.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-disk driver: the whole {@link BlobStoreContract}, and what only a directory has (its layout). */
class LocalBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    protected BlobStore createStore() {
        return new LocalBlobStore(root);
    }

    @Override
    protected BlobStore reopenStore() {
        return new LocalBlobStore(root);
    }

    @Override
    protected void overwriteStored(BlobInfo blob, byte[] bytes) throws IOException {
        Files.write(blobFile(blob), bytes);
    }

    @Override
    protected long temporaryItems() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.count();
        }
    }

    @Test
    void anOutsideReaderIsGivenTheBlobsOwnFile() throws IOException {
        BlobInfo info = write("duration,protocol,label\n".getBytes(UTF_8));
        var location = store.externalLocation(info.key()).orElseThrow();
        assertThat(location.uri().getScheme()).isEqualTo("file");
        assertThat(Files.readString(Path.of(location.uri()))).isEqualTo("duration,protocol,label\n");
        assertThat(location.readerSettings()).isEmpty();
        assertThat(store.externalLocation("sha256/" + "0".repeat(64))).isEmpty();
    }

    @Test
    void blobsLiveUnderTwoLevelsOfFanOut() throws IOException {
        BlobInfo info = write("duration,protocol,label\n".getBytes(UTF_8));
        String hex = info.sha256();
        assertThat(root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex)).exists();
    }

    @Test
    void recommittingOldContentRefreshesItsCreationTime() throws IOException {
        byte[] content = "old upload".getBytes(UTF_8);
        BlobInfo first = write(content);
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(blobFile(first), FileTime.from(longAgo));
        assertThat(store.stat(first.key()).orElseThrow().createdAt()).isEqualTo(longAgo);

        BlobInfo again = write(content);

        assertThat(again.createdAt()).isAfter(longAgo);
    }

    @Test
    void filesNotShapedLikeBlobsAreNotListed() throws IOException {
        BlobInfo a = write("a".getBytes(UTF_8));
        Files.writeString(root.resolve("sha256").resolve("stray.txt"), "not a blob");
        assertThat(keys()).containsExactly(a.key());
    }

    @Test
    void checkHealthFailsWhenTheDirectoryIsGone() throws IOException {
        try (Stream<Path> paths = Files.walk(root.resolve("tmp"))) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(store::checkHealth).isInstanceOf(IOException.class);
    }

    private Path blobFile(BlobInfo info) {
        String hex = info.sha256();
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }
}
