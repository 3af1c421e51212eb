package io.vigil.server.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.storage.BlobCorruptedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The chunked layout refuses every way of cutting, reordering or altering a blob. */
class SealedStreamsTest {
    private static final byte[] DATA_KEY = EncryptedBlobStoreTest.bytes(32, 9);
    private static final int CHUNK_ON_DISK = ChunkedGcm.CHUNK + ChunkedGcm.TAG_BYTES;

    @Test
    void aBlobCutAtAChunkBoundaryDoesNotOpen() throws IOException {
        byte[] sealed = seal(EncryptedBlobStoreTest.bytes(3 * ChunkedGcm.CHUNK + 100, 1));
        byte[] cut = Arrays.copyOf(sealed, ChunkedGcm.HEADER_BYTES + 2 * CHUNK_ON_DISK);

        assertThatThrownBy(() -> open(cut)).isInstanceOf(BlobCorruptedException.class);
    }

    @Test
    void swappedChunksDoNotOpen() throws IOException {
        byte[] sealed = seal(EncryptedBlobStoreTest.bytes(3 * ChunkedGcm.CHUNK, 2));
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, ChunkedGcm.HEADER_BYTES, swapped, ChunkedGcm.HEADER_BYTES + CHUNK_ON_DISK, CHUNK_ON_DISK);
        System.arraycopy(sealed, ChunkedGcm.HEADER_BYTES + CHUNK_ON_DISK, swapped, ChunkedGcm.HEADER_BYTES, CHUNK_ON_DISK);

        assertThatThrownBy(() -> open(swapped)).isInstanceOf(BlobCorruptedException.class);
    }

    @Test
    void oneFlippedBitDoesNotOpenAndNoByteOfItsChunkIsHandedOut() throws IOException {
        byte[] content = EncryptedBlobStoreTest.bytes(100, 3);
        byte[] sealed = seal(content);
        sealed[ChunkedGcm.HEADER_BYTES + 10] ^= 1;

        try (InputStream in = new OpeningInputStream(new ByteArrayInputStream(sealed), "k", DATA_KEY)) {
            assertThatThrownBy(in::read).isInstanceOf(BlobCorruptedException.class);
        }
    }

    @Test
    void aStreamThatIsNotASealedBlobIsRefused() {
        assertThatThrownBy(() -> open("plain text, no header".getBytes())).isInstanceOf(BlobCorruptedException.class);
    }

    @Test
    void byteByByteWritesGiveTheSameContent() throws IOException {
        byte[] content = EncryptedBlobStoreTest.bytes(ChunkedGcm.CHUNK + 3, 4);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SealingOutputStream out = new SealingOutputStream(sink, DATA_KEY, new SecureRandom());
        for (byte b : content) {
            out.write(b);
        }
        out.finish();

        assertThat(open(sink.toByteArray())).isEqualTo(content);
        assertThat(HexOf.sha(out.plaintextSha256())).isEqualTo(EncryptedBlobStoreTest.sha256(content));
    }

    private static byte[] seal(byte[] content) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SealingOutputStream out = new SealingOutputStream(sink, DATA_KEY, new SecureRandom());
        out.write(content);
        out.finish();
        return sink.toByteArray();
    }

    private static byte[] open(byte[] sealed) throws IOException {
        try (InputStream in = new OpeningInputStream(new ByteArrayInputStream(sealed), "sha256/" + "0".repeat(64), DATA_KEY)) {
            return in.readAllBytes();
        }
    }

    private static final class HexOf {
        static String sha(byte[] digest) {
            return java.util.HexFormat.of().formatHex(digest);
        }
    }
}
