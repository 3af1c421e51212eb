package io.vigil.server.datasets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A realistic flow-like CSV of exactly {@code size} bytes, generated as it is read (never held in
 * memory). Rows vary, so the profiler does real work; the last row is padded to end on a newline.
 */
final class GeneratedCsv extends InputStream {
    private static final byte[] HEADER = "ts,src_port,dst_port,bytes,duration,proto,label\n".getBytes(StandardCharsets.US_ASCII);
    private static final String[] PROTOS = {"tcp", "udp", "icmp"};
    private final long size;
    private long produced;
    private byte[] current = HEADER;
    private int pos;
    private long row;
    private long seed = 42;

    private GeneratedCsv(long size) {
        this.size = size;
    }

    static InputStream of(long size) {
        return new GeneratedCsv(size);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (produced >= size) {
            return -1;
        }
        int n = 0;
        while (n < len && produced < size) {
            if (pos == current.length) {
                current = nextRow(size - produced);
                pos = 0;
            }
            int take = (int) Math.min(Math.min(len - n, current.length - pos), size - produced);
            System.arraycopy(current, pos, buf, off + n, take);
            pos += take;
            n += take;
            produced += take;
        }
        return n;
    }

    private byte[] nextRow(long remaining) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        long r = seed >>> 16;
        row++;
        String line = (1_700_000_000L + row) + "," + (1024 + r % 60000) + "," + (r % 7 == 0 ? 22 : 443) + ","
                + (r % 100_000) + "," + (r % 1000) / 100.0 + "," + PROTOS[(int) (r % 3)] + "," + (r % 10 == 0 ? "attack" : "normal") + "\n";
        if (line.length() + 40 > remaining) {
            // the tail: one last row padded with a longer label so the file ends exactly on a newline
            StringBuilder last = new StringBuilder((1_700_000_000L + row) + ",1,1,1,1.0,tcp,");
            while (last.length() < remaining - 1) {
                last.append('x');
            }
            return (last.substring(0, (int) Math.max(0, remaining - 1)) + "\n").getBytes(StandardCharsets.US_ASCII);
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }
}
