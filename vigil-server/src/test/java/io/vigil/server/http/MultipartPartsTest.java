package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link MultipartParts}: the parts of a multipart body counted however its bytes are cut into chunks. */
class MultipartPartsTest {

    @Test
    void countsThePartsWhateverTheChunks() {
        // a boundary that overlaps itself ("--" + "--ab--ab") is where a naive search loses matches
        for (String boundary : new String[] {"xyz", "--ab--ab", "-", "----WebKitFormBoundary7MA4YWxkTrZu0gW"}) {
            byte[] body = RequestHeadLimitsTest.multipart(boundary, 37).getBytes(StandardCharsets.US_ASCII);
            Random random = new Random(boundary.hashCode());
            for (int maxChunk : new int[] {1, 2, 3, 7, 64, body.length}) {
                MultipartParts parts = new MultipartParts(boundary, 1000);
                for (int at = 0; at < body.length; ) {
                    int n = Math.min(body.length - at, 1 + random.nextInt(maxChunk));
                    ByteBuffer chunk = ByteBuffer.wrap(body, at, n);
                    assertThat(parts.accept(chunk)).isTrue();
                    assertThat(chunk.position()).as("the chunk is left as it was").isEqualTo(at);
                    at += n;
                }
                assertThat(parts.parts()).as(boundary + " in chunks of up to " + maxChunk).isEqualTo(37);
            }
        }
    }

    @Test
    void refusesOnceThePartsPassTheLimit() {
        MultipartParts parts = new MultipartParts("b", 3);
        assertThat(parts.accept(ascii(RequestHeadLimitsTest.multipart("b", 3)))).isTrue();
        MultipartParts more = new MultipartParts("b", 3);
        assertThat(more.accept(ascii(RequestHeadLimitsTest.multipart("b", 4)))).isFalse();
    }

    @Test
    void fileContentWithoutTheBoundaryIsNotCounted() {
        MultipartParts parts = new MultipartParts("vigil-7c1e", 10);
        String csv = "a,b\n-1,--2\n--vigil-7c1,x\n".repeat(1000); // dashes, even a near-boundary, but never the boundary itself
        assertThat(parts.accept(ascii("--vigil-7c1e\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + csv
                + "\r\n--vigil-7c1e--\r\n"))).isTrue();
        assertThat(parts.parts()).isEqualTo(1);
    }

    @Test
    void scansFasterThanADiskWrites() {
        byte[] data = new byte[64 * 1024 * 1024];
        new Random(1).nextBytes(data);
        MultipartParts parts = new MultipartParts("----WebKitFormBoundary7MA4YWxkTrZu0gW", 100);
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            parts.accept(buffer);
            best = Math.min(best, System.nanoTime() - start);
        }
        double mbPerSecond = data.length / (best / 1e9) / 1e6;
        System.out.printf("MultipartParts: %.0f MB/s%n", mbPerSecond);
        assertThat(mbPerSecond).isGreaterThan(300); // a disk takes a few hundred MB/s
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
