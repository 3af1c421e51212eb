package io.vigil.engine.capture;

import java.io.IOException;

/**
 * The classic libpcap file format (pcap-savefile(5)): a 24-byte header, then records of a 16-byte
 * header and the frame. Both byte orders, microsecond and nanosecond timestamps.
 */
final class PcapFrames implements FrameSource {

    /** libpcap's own bound on a record (MAXIMUM_SNAPLEN); a larger length means a corrupt record. */
    static final int MAX_RECORD_BYTES = 262_144;

    private final CaptureInput input;
    private final boolean bigEndian;
    private final boolean nanoseconds;
    private final int linkType;
    private final long maxRecord;
    private final byte[] header = new byte[16];

    private PcapFrames(CaptureInput input, boolean bigEndian, boolean nanoseconds, int linkType, long snapLength) {
        this.input = input;
        this.bigEndian = bigEndian;
        this.nanoseconds = nanoseconds;
        this.linkType = linkType;
        this.maxRecord = Math.max(MAX_RECORD_BYTES, Math.min(snapLength, 16L << 20));
    }

    /** Reads the file header; {@code magic} are its first four bytes, already read. */
    static PcapFrames open(CaptureInput input, byte[] magic) throws IOException {
        int m = CaptureInput.int32(magic, 0, true);
        boolean bigEndian = m == 0xA1B2C3D4 || m == 0xA1B23C4D;
        boolean nanoseconds = m == 0xA1B23C4D || m == 0x4D3CB2A1;
        byte[] rest = new byte[20];
        input.readFully(rest, 0, 20, "the pcap file header", 0);
        int major = CaptureInput.uint16(rest, 0, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException("the pcap file header has version " + major + "; only version 2 exists", 4);
        }
        long snapLength = CaptureInput.uint32(rest, 12, bigEndian);
        int linkType = CaptureInput.int32(rest, 16, bigEndian) & 0xFFFF; // the upper bits carry FCS information
        return new PcapFrames(input, bigEndian, nanoseconds, linkType, snapLength);
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        long start = input.position();
        if (!input.readFullyOrEnd(header, 0, 16, "the packet record header", start)) {
            return false;
        }
        long seconds = CaptureInput.uint32(header, 0, bigEndian);
        long fraction = CaptureInput.uint32(header, 4, bigEndian);
        long captured = CaptureInput.uint32(header, 8, bigEndian);
        long original = CaptureInput.uint32(header, 12, bigEndian);
        if (captured > maxRecord) {
            throw new CaptureFormatException("the packet record at byte " + start + " declares " + captured
                    + " captured bytes, more than the " + maxRecord + " a pcap record can hold: the capture is corrupt from there",
                    start);
        }
        int length = (int) captured;
        input.readFully(frame.ensureCapacity(length), 0, length, "the packet record", start);
        frame.linkType = linkType;
        frame.timeMicros = seconds * 1_000_000L + (nanoseconds ? fraction / 1000 : fraction);
        frame.capturedLength = length;
        frame.originalLength = Math.max(original, captured);
        frame.offset = start;
        return true;
    }

    @Override
    public String containerName() {
        return "pcap";
    }
}
