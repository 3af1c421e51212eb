package io.vigil.engine.bundle;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a bundle's zip stream and checks each member before it is used, under {@link BundleLimits}:
 * the stream is a zip (not Java-serialized data); {@code manifest.json} comes first and is checked
 * ({@link ManifestChecks}) before any other member is read; every name is plain
 * ({@link MemberNames}), appears once and is one the manifest lists; every member inflates only up
 * to its limit and ratio, counted as it inflates, so a zip bomb stops after a megabyte; no member
 * holds Java-serialized data. Nothing is written anywhere: members are read into memory only.
 */
final class BundleReader {
    /**
     * A bundle read and checked: its manifest, its native files by name in the manifest's order, its
     * reference profile's bytes and its window baselines' (each null without one); nothing parsed but the manifest.
     */
    record Contents(BundleManifest manifest, Map<String, byte[]> nativeFiles, byte[] profile, byte[] windowBaselines) {
    }

    /** How much of a bundle to read: the manifest, or up to its reference profile, or all of it. */
    enum Part { MANIFEST, PROFILE, ALL }

    private static final int CHUNK = 64 * 1024;

    private final BundleLimits limits;
    private final CountingInputStream compressed;
    private final ZipInputStream zip;
    private final Set<String> seen = new HashSet<>();
    private long inflatedTotal;

    private BundleReader(InputStream in, BundleLimits limits) {
        this.limits = limits;
        this.compressed = new CountingInputStream(in);
        this.zip = new ZipInputStream(compressed);
    }

    /** Reads and checks the whole bundle, or only its manifest, or up to its profile (then the rest of the stream is left unread). */
    static Contents read(InputStream in, BundleLimits limits, Part part) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        checkSignature(buffered);
        BundleReader reader = new BundleReader(buffered, limits);
        try {
            return reader.readMembers(part);
        } catch (ZipException | EOFException e) {
            throw new InvalidBundleException("the bundle is corrupted or truncated (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) { // a member name that is not valid UTF-8
            throw new InvalidBundleException("the bundle is corrupted: a member name cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    /** A zip stream starts with a local file header; Java serialization with 0xACED, which is refused by name. */
    private static void checkSignature(InputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (isJavaSerialized(head)) {
            throw new InvalidBundleException("not a Vigil model bundle: the file is Java-serialized data, which Vigil never loads");
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw new InvalidBundleException("not a model bundle: no " + ModelBundle.MANIFEST + " (the file is not a zip archive)");
        }
    }

    private Contents readMembers(Part part) throws IOException {
        ZipEntry first = next();
        if (first == null || !first.getName().equals(ModelBundle.MANIFEST)) {
            throw new InvalidBundleException("not a model bundle: " + (first == null ? "no " + ModelBundle.MANIFEST
                    : ModelBundle.MANIFEST + " must be its first member, found " + MemberNames.shown(first.getName())));
        }
        BundleManifest manifest = ManifestChecks.parse(readMember(first, limits.maxManifestBytes()), limits);
        BundleManifest.NativeFile listedProfile = manifest.referenceProfile();
        if (part == Part.MANIFEST || part == Part.PROFILE && listedProfile == null) return new Contents(manifest, Map.of(), null, null);

        Map<String, BundleManifest.NativeFile> listed = new HashMap<>();
        for (BundleManifest.NativeFile f : manifest.nativeFiles()) listed.put(ModelBundle.NATIVE + f.name(), f);
        if (listedProfile != null) listed.put(ModelBundle.PROFILE, listedProfile);
        BundleManifest.NativeFile listedBaselines = manifest.windowBaselines();
        if (listedBaselines != null) listed.put(ModelBundle.WINDOW_BASELINES, listedBaselines);
        Map<String, byte[]> read = new HashMap<>();
        byte[] profile = null;
        byte[] baselines = null;
        for (ZipEntry e; (e = next()) != null; ) {
            BundleManifest.NativeFile f = listed.get(e.getName());
            if (f == null) {
                throw MemberNames.refused(e.getName(), "it is not " + ModelBundle.MANIFEST + " nor a native file its manifest lists"
                        + (listedProfile == null ? " (nor a reference profile it lists)" : ""));
            }
            byte[] bytes = readNative(e, f);
            if (!ModelBundle.sha256(bytes).equals(f.sha256())) throw new InvalidBundleException(e.getName() + " does not match its SHA-256");
            if (f == listedProfile) {
                profile = bytes;
                if (part == Part.PROFILE) return new Contents(manifest, Map.of(), profile, null);
            } else if (f == listedBaselines) {
                baselines = bytes;
            } else {
                read.put(f.name(), bytes);
            }
        }
        if (listedProfile != null && profile == null) {
            throw new InvalidBundleException("bundle lacks " + ModelBundle.PROFILE + " listed in its manifest");
        }
        if (listedBaselines != null && baselines == null) {
            throw new InvalidBundleException("bundle lacks " + ModelBundle.WINDOW_BASELINES + " listed in its manifest");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (BundleManifest.NativeFile f : manifest.nativeFiles()) {
            byte[] bytes = read.get(f.name());
            if (bytes == null) throw new InvalidBundleException("bundle lacks " + ModelBundle.NATIVE + f.name() + " listed in its manifest");
            files.put(f.name(), bytes);
        }
        return new Contents(manifest, files, profile, baselines);
    }

    /**
     * The next member, its name checked and not seen before; null at the end. Members are counted by
     * the manifest: each must be one it lists, once, and it lists at most {@code maxMembers - 1}.
     */
    private ZipEntry next() throws IOException {
        ZipEntry e = zip.getNextEntry();
        if (e == null) return null;
        MemberNames.checkMember(e.getName());
        if (!seen.add(e.getName())) throw MemberNames.refused(e.getName(), "the bundle holds it twice");
        return e;
    }

    /** A file the manifest lists (a native file or the profile), inflated no further than the size it declares. */
    private byte[] readNative(ZipEntry e, BundleManifest.NativeFile f) throws IOException {
        String mismatch = e.getName() + " does not match its SHA-256 and size in the manifest: ";
        if (e.getSize() > f.bytes()) throw new InvalidBundleException(mismatch + "it declares " + e.getSize() + " bytes, the manifest " + f.bytes());
        byte[] bytes = readMember(e, f.bytes(), mismatch + "it is larger than the " + f.bytes() + " bytes declared");
        if (bytes.length < f.bytes()) {
            throw new InvalidBundleException(mismatch + "it has " + bytes.length + " bytes, the manifest says " + f.bytes());
        }
        return bytes;
    }

    /** The member's bytes, inflated only while they stay within {@code limit}, the total and the ratio. */
    private byte[] readMember(ZipEntry e, long limit) throws IOException {
        String name = MemberNames.shown(e.getName());
        if (e.getSize() > limit) throw new InvalidBundleException("bundle member " + name + " declares " + e.getSize() + " bytes, more than " + limit);
        return readMember(e, limit, "bundle member " + name + " is larger than " + limit + " bytes");
    }

    private byte[] readMember(ZipEntry e, long limit, String tooLarge) throws IOException {
        String name = MemberNames.shown(e.getName());
        long compressedAtStart = compressed.count;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, CHUNK));
        byte[] chunk = new byte[CHUNK];
        long inflated = 0;
        for (int n; (n = zip.read(chunk, 0, (int) Math.min(chunk.length, limit - inflated + 1))) > 0; ) {
            inflated += n;
            inflatedTotal += n;
            if (inflated > limit) throw new InvalidBundleException(tooLarge);
            if (inflatedTotal > limits.maxTotalBytes()) {
                throw new InvalidBundleException("the bundle's members add up to more than " + limits.maxTotalBytes() + " bytes");
            }
            long packed = Math.max(1, compressed.count - compressedAtStart);
            if (inflated > BundleLimits.RATIO_JUDGED_AFTER && inflated > packed * limits.maxCompressionRatio()) {
                throw new InvalidBundleException("bundle member " + name + " inflates more than " + limits.maxCompressionRatio()
                        + " times its compressed size (a zip bomb?); refused after " + inflated + " bytes");
            }
            out.write(chunk, 0, n);
        }
        byte[] bytes = out.toByteArray();
        if (isJavaSerialized(bytes)) {
            throw new InvalidBundleException("not a Vigil model bundle: member " + name + " holds Java-serialized data, which Vigil never loads");
        }
        return bytes;
    }

    /** Java serialization's stream magic, 0xACED. */
    private static boolean isJavaSerialized(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0xAC && (head[1] & 0xff) == 0xED;
    }

    /** Counts the compressed bytes the zip stream takes, to judge how much each member inflates. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
