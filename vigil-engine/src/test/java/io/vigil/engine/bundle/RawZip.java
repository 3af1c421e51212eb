package io.vigil.engine.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zip streams as an attacker writes them: local headers only, any name (duplicates, {@code ..},
 * NUL, backslashes), which {@link ZipOutputStream} would refuse or rewrite. Members are stored
 * uncompressed with true sizes; {@link #zeros} deflates a bomb the way {@code ZipOutputStream} does.
 */
final class RawZip {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RawZip stored(String name, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int32(0x04034b50);
        int16(20);          // version needed
        int16(0x0800);      // flags: UTF-8 names
        int16(0);           // method: stored
        int16(0);
        int16(0x21);        // time, date
        int32((int) crc.getValue());
        int32(data.length);
        int32(data.length);
        int16(n.length);
        int16(0);           // extra field length
        out.writeBytes(n);
        out.writeBytes(data);
        return this;
    }

    RawZip stored(String name, String text) {
        return stored(name, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A zip stream of {@code members} in order, each deflated by {@link ZipOutputStream} (sizes after the data, as Vigil writes). */
    static byte[] deflated(java.util.Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var m : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(m.getKey()));
                zip.write(m.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes {@code count} zero bytes into a deflated member of {@code zip}: a zip bomb, about 1,000 : 1. */
    static void zeros(ZipOutputStream zip, String name, long count) throws IOException {
        zip.setLevel(9);
        zip.putNextEntry(new ZipEntry(name));
        byte[] zero = new byte[1 << 20];
        for (long left = count; left > 0; left -= zero.length) zip.write(zero, 0, (int) Math.min(zero.length, left));
        zip.closeEntry();
    }

    private void int16(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private void int32(int v) {
        int16(v & 0xffff);
        int16(v >>> 16);
    }
}
