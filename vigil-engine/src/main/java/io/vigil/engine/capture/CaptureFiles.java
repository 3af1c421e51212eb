package io.vigil.engine.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Recognises a capture by its first bytes: the pcap magic numbers (either byte order, µs or ns) or pcapng's section header. */
public final class CaptureFiles {

    private CaptureFiles() {
    }

    /** Whether these four bytes start a pcap or pcapng file. */
    public static boolean isCaptureMagic(byte[] magic) {
        if (magic.length < 4) {
            return false;
        }
        int m = CaptureInput.int32(magic, 0, true);
        return m == 0xA1B2C3D4 || m == 0xD4C3B2A1 || m == 0xA1B23C4D || m == 0x4D3CB2A1
                || m == PcapNgFrames.SECTION_HEADER;
    }

    /**
     * Whether the stream holds a capture, gzip-compressed or not; the stream is left where it was
     * (it must support {@link InputStream#mark}, and the gzip header must fit in 64 KiB).
     */
    public static boolean isCapture(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark and reset");
        }
        in.mark(64 * 1024);
        try {
            byte[] magic = in.readNBytes(4);
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                in.reset();
                try (InputStream gzip = new GZIPInputStream(new FilterInputStream(in) {
                    @Override
                    public void close() {
                        // the caller's stream stays open
                    }
                }, 512)) {
                    magic = gzip.readNBytes(4);
                } catch (IOException e) {
                    return false; // not gzip after all, or corrupt: the text readers say so
                }
            }
            return isCaptureMagic(magic);
        } finally {
            in.reset();
        }
    }
}
