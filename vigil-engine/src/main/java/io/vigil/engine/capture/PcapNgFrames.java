package io.vigil.engine.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcapng format (the IETF OPSAWG pcapng draft): sections of blocks. Reads the section header
 * (either byte order), interface descriptions (link type, {@code if_tsresol}, {@code if_tsoffset})
 * and the three packet blocks (enhanced, simple, and the obsolete packet block); every other block
 * is skipped by its length. Each block's two length fields must agree.
 */
final class PcapNgFrames implements FrameSource {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    /** A packet block holds at most a 256 KiB packet plus its fields and options; generous past that. */
    private static final int MAX_BLOCK_BYTES = 16 << 20;

    private final CaptureInput input;
    private final byte[] head = new byte[12];
    private final byte[] trailer = new byte[4];
    private byte[] body = new byte[4096];
    private boolean bigEndian;
    private final List<Interface> interfaces = new ArrayList<>();
    private long lastTimeMicros;

    private record Interface(int linkType, long snapLength, boolean binaryResolution, int resolutionExponent,
                             long offsetSeconds) {
    }

    private PcapNgFrames(CaptureInput input) {
        this.input = input;
    }

    /** Starts reading at the section header block, whose first four bytes ({@code magic}) were read. */
    static PcapNgFrames open(CaptureInput input, byte[] magic) throws IOException {
        PcapNgFrames frames = new PcapNgFrames(input);
        System.arraycopy(magic, 0, frames.head, 0, 4);
        frames.readSectionHeader(0);
        return frames;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            long start = input.position();
            if (!input.readFullyOrEnd(head, 0, 4, "the block", start)) {
                return false;
            }
            if (CaptureInput.int32(head, 0, true) == SECTION_HEADER) {
                readSectionHeader(start);
                continue;
            }
            input.readFully(head, 4, 4, "the block", start);
            int type = CaptureInput.int32(head, 0, bigEndian);
            int bodyLength = readBody(start, CaptureInput.uint32(head, 4, bigEndian), 8);
            switch (type) {
                case INTERFACE_DESCRIPTION -> interfaces.add(describeInterface(bodyLength, start));
                case ENHANCED_PACKET -> {
                    packet(frame, start, bodyLength, CaptureInput.int32(body, 0, bigEndian), 4, 20);
                    return true;
                }
                case OBSOLETE_PACKET -> {
                    packet(frame, start, bodyLength, CaptureInput.uint16(body, 0, bigEndian), 4, 20);
                    return true;
                }
                case SIMPLE_PACKET -> {
                    simplePacket(frame, start, bodyLength);
                    return true;
                }
                default -> {
                    // statistics, name resolution, decryption secrets, custom blocks: nothing for flows
                }
            }
        }
    }

    @Override
    public String containerName() {
        return "pcapng";
    }

    private void readSectionHeader(long start) throws IOException {
        input.readFully(head, 4, 8, "the section header block", start);
        int order = CaptureInput.int32(head, 8, true);
        if (order == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(order) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException("the pcapng section header block at byte " + start
                    + " has no byte-order magic (0x1A2B3C4D): the capture is corrupt from there", start);
        }
        interfaces.clear();
        int bodyLength = readBody(start, CaptureInput.uint32(head, 4, bigEndian), 12);
        if (bodyLength >= 2 && CaptureInput.uint16(body, 0, bigEndian) != 1) {
            throw new CaptureFormatException("the pcapng section header block at byte " + start + " has major version "
                    + CaptureInput.uint16(body, 0, bigEndian) + "; only version 1 exists", start);
        }
    }

    /**
     * Reads the rest of a block whose {@code headBytes} first bytes were read, checks its two
     * lengths, and returns how many body bytes are in {@link #body} (after those first bytes).
     */
    private int readBody(long start, long totalLength, int headBytes) throws IOException {
        if (totalLength < headBytes + 4 || totalLength % 4 != 0 || totalLength > MAX_BLOCK_BYTES) {
            throw new CaptureFormatException("the pcapng block at byte " + start + " declares a length of " + totalLength
                    + " bytes, which no block can have: the capture is corrupt from there", start);
        }
        int bodyLength = (int) totalLength - headBytes - 4;
        if (body.length < bodyLength) {
            body = new byte[Math.max(bodyLength, body.length * 2)];
        }
        input.readFully(body, 0, bodyLength, "the pcapng block", start);
        input.readFully(trailer, 0, 4, "the pcapng block", start);
        long trailing = CaptureInput.uint32(trailer, 0, bigEndian);
        if (trailing != totalLength) {
            throw new CaptureFormatException("the pcapng block at byte " + start + " starts with a length of " + totalLength
                    + " bytes and ends with " + trailing + ": the capture is corrupt from there", start);
        }
        return bodyLength;
    }

    private Interface describeInterface(int bodyLength, long start) throws CaptureFormatException {
        if (bodyLength < 8) {
            throw new CaptureFormatException("the interface description block at byte " + start + " is too short", start);
        }
        int linkType = CaptureInput.uint16(body, 0, bigEndian);
        long snapLength = CaptureInput.uint32(body, 4, bigEndian);
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int at = 8;
        while (at + 4 <= bodyLength) {
            int code = CaptureInput.uint16(body, at, bigEndian);
            int length = CaptureInput.uint16(body, at + 2, bigEndian);
            if (code == 0 || at + 4 + length > bodyLength) {
                break;
            }
            if (code == 9 && length >= 1) { // if_tsresol: 10^-n, or 2^-n when the top bit is set
                binary = (body[at + 4] & 0x80) != 0;
                exponent = body[at + 4] & 0x7f;
            } else if (code == 14 && length >= 8) { // if_tsoffset: seconds added to every timestamp
                long first = CaptureInput.uint32(body, at + 4, bigEndian);
                long second = CaptureInput.uint32(body, at + 8, bigEndian);
                offsetSeconds = bigEndian ? first << 32 | second : second << 32 | first;
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        return new Interface(linkType, snapLength, binary, exponent, offsetSeconds);
    }

    /** An enhanced or obsolete packet block: interface id, then the timestamp at 4, lengths, data at {@code dataAt}. */
    private void packet(Frame frame, long start, int bodyLength, int interfaceId, int timeAt, int dataAt) throws IOException {
        if (bodyLength < dataAt) {
            throw new CaptureFormatException("the packet block at byte " + start + " is too short for its fields", start);
        }
        Interface nic = interfaceOf(interfaceId, start);
        long units = CaptureInput.uint32(body, timeAt, bigEndian) << 32 | CaptureInput.uint32(body, timeAt + 4, bigEndian);
        long captured = CaptureInput.uint32(body, timeAt + 8, bigEndian);
        long original = CaptureInput.uint32(body, timeAt + 12, bigEndian);
        if (captured > bodyLength - dataAt) {
            throw new CaptureFormatException("the packet block at byte " + start + " declares " + captured
                    + " captured bytes but holds " + (bodyLength - dataAt) + ": the capture is corrupt from there", start);
        }
        lastTimeMicros = toMicros(units, nic);
        fill(frame, start, nic.linkType(), dataAt, (int) captured, original);
    }

    private void simplePacket(Frame frame, long start, int bodyLength) throws IOException {
        if (bodyLength < 4) {
            throw new CaptureFormatException("the simple packet block at byte " + start + " is too short", start);
        }
        Interface nic = interfaceOf(0, start);
        long original = CaptureInput.uint32(body, 0, bigEndian);
        long captured = Math.min(original, bodyLength - 4L);
        if (nic.snapLength() > 0) {
            captured = Math.min(captured, nic.snapLength());
        }
        // A simple packet block has no timestamp: it is taken to come with the packet before it.
        fill(frame, start, nic.linkType(), 4, (int) captured, original);
    }

    private void fill(Frame frame, long start, int linkType, int dataAt, int captured, long original) {
        System.arraycopy(body, dataAt, frame.ensureCapacity(captured), 0, captured);
        frame.linkType = linkType;
        frame.timeMicros = lastTimeMicros;
        frame.capturedLength = captured;
        frame.originalLength = Math.max(original, captured);
        frame.offset = start;
    }

    private Interface interfaceOf(int id, long start) throws CaptureFormatException {
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFormatException("the packet block at byte " + start + " names interface " + id
                    + " but the section describes " + interfaces.size() + ": the capture is corrupt from there", start);
        }
        return interfaces.get(id);
    }

    private static long toMicros(long units, Interface nic) {
        long micros;
        int e = nic.resolutionExponent();
        if (!nic.binaryResolution()) {
            micros = e >= 6 ? Long.divideUnsigned(units, pow10(e - 6)) : units * pow10(6 - e);
        } else {
            long u = units;
            if (e > 43) {
                u >>>= e - 43;
                e = 43;
            }
            long whole = u >>> e;
            long part = u & ((1L << e) - 1);
            micros = whole * 1_000_000L + (part * 1_000_000L >>> e);
        }
        return micros + nic.offsetSeconds() * 1_000_000L;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < Math.min(n, 18); i++) {
            p *= 10;
        }
        return p;
    }
}
