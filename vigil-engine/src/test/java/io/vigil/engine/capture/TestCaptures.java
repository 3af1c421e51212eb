package io.vigil.engine.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test-only: writes frames into a classic pcap (little-endian, microseconds) or a pcapng capture. */
final class TestCaptures {

    /** One frame and its capture time in microseconds since the epoch. */
    record Captured(long micros, byte[] frame) {
    }

    private final List<Captured> frames = new ArrayList<>();

    TestCaptures add(long micros, byte[] frame) {
        frames.add(new Captured(micros, frame));
        return this;
    }

    List<Captured> frames() {
        return frames;
    }

    /** pcap: the 24-byte header (link type 1, Ethernet), then 16 bytes and the frame per packet. */
    byte[] pcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(header.array());
        for (Captured c : frames) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (c.micros() / 1_000_000)).putInt((int) (c.micros() % 1_000_000))
                    .putInt(c.frame().length).putInt(c.frame().length);
            out.writeBytes(record.array());
            out.writeBytes(c.frame());
        }
        return out.toByteArray();
    }

    /** Where each packet record starts in {@link #pcap()}. */
    long pcapRecordOffset(int index) {
        long at = 24;
        for (int i = 0; i < index; i++) {
            at += 16 + frames.get(i).frame().length;
        }
        return at;
    }

    /**
     * pcapng, big-endian: a section header, an interface description (Ethernet, timestamps in
     * nanoseconds by {@code if_tsresol} = 9), a name-resolution block to skip, and one enhanced packet block per frame.
     */
    byte[] pcapng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block(out, 0x0A0D0D0A, ByteBuffer.allocate(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1).array());
        block(out, 1, ByteBuffer.allocate(16).putShort((short) 1).putShort((short) 0).putInt(0)
                .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).array());
        block(out, 4, new byte[] {0, 0, 0, 0}); // name resolution block with only its end marker
        for (Captured c : frames) {
            long nanos = c.micros() * 1000;
            int padded = (c.frame().length + 3) / 4 * 4;
            ByteBuffer body = ByteBuffer.allocate(20 + padded);
            body.putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(c.frame().length)
                    .putInt(c.frame().length).put(c.frame());
            block(out, 6, body.array());
        }
        return out.toByteArray();
    }

    private static void block(ByteArrayOutputStream out, int type, byte[] body) {
        int total = 12 + body.length;
        out.writeBytes(ByteBuffer.allocate(8).putInt(type).putInt(total).array());
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt(total).array());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
