package io.vigil.engine.bundle;

import com.fasterxml.jackson.core.JacksonException;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.windows.SpecProblem;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code manifest.json} and checks it before any native file is read: the format and its
 * version, an algorithm this engine knows, the fields a model is rebuilt from, and the native
 * files it lists (plain names, once each, SHA-256s, sizes within {@link BundleLimits}).
 */
final class ManifestChecks {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ManifestChecks() {
    }

    static BundleManifest parse(byte[] bytes, BundleLimits limits) throws InvalidBundleException {
        BundleManifest m;
        try {
            m = ModelJson.MAPPER.readValue(bytes, BundleManifest.class);
        } catch (JacksonException e) {
            throw new InvalidBundleException("not a model bundle: " + ModelBundle.MANIFEST + " is not a bundle manifest ("
                    + e.getOriginalMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new InvalidBundleException("not a model bundle: " + ModelBundle.MANIFEST + " cannot be read (" + e.getMessage() + ")", e);
        }
        if (m == null) throw new InvalidBundleException("not a model bundle: " + ModelBundle.MANIFEST + " is empty");
        if (!ModelBundle.FORMAT.equals(m.format())) {
            throw new InvalidBundleException("not a model bundle: format " + MemberNames.shown(m.format()));
        }
        if (m.formatVersion() > ModelBundle.FORMAT_VERSION) {
            throw new InvalidBundleException("bundle format version " + m.formatVersion() + " is newer than this engine reads ("
                    + ModelBundle.FORMAT_VERSION + "); upgrade Vigil");
        }
        if (m.formatVersion() < 1) throw new InvalidBundleException("bundle format version " + m.formatVersion() + " was never written by Vigil");
        if (m.algorithm() == null || !Algorithms.names().contains(m.algorithm())) {
            throw new InvalidBundleException("the bundle's algorithm " + MemberNames.shown(m.algorithm()) + " is not one this Vigil knows ("
                    + String.join(", ", Algorithms.names()) + ")");
        }
        require(m.pipeline() != null, "pipeline");
        require(m.featureNames() != null, "featureNames");
        require(m.provenance() != null, "provenance");
        require(m.nativeFiles() != null, "nativeFiles");
        checkProfile(m, limits);
        checkWindows(m, limits);
        checkNativeFiles(m, bytes.length, limits);
        return m;
    }

    private static void checkNativeFiles(BundleManifest m, long manifestBytes, BundleLimits limits) throws InvalidBundleException {
        if (m.nativeFiles().size() + 1 > limits.maxMembers()) {
            throw new InvalidBundleException("the manifest lists " + m.nativeFiles().size() + " native files; a bundle holds at most "
                    + (limits.maxMembers() - 1));
        }
        Set<String> names = new HashSet<>();
        long total = manifestBytes + (m.referenceProfile() == null ? 0 : m.referenceProfile().bytes())
                + (m.windowBaselines() == null ? 0 : m.windowBaselines().bytes());
        for (BundleManifest.NativeFile f : m.nativeFiles()) {
            if (f == null) throw new InvalidBundleException("the manifest lists an empty native file entry");
            MemberNames.checkNative(f.name());
            if (!names.add(f.name())) throw new InvalidBundleException("the manifest lists native file '" + f.name() + "' twice");
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
                throw new InvalidBundleException("the manifest's SHA-256 of native file '" + f.name() + "' is not 64 lowercase hex digits");
            }
            if (f.bytes() < 0 || f.bytes() > limits.maxMemberBytes()) {
                throw new InvalidBundleException("native file '" + f.name() + "' is declared as " + f.bytes()
                        + " bytes; a native file holds at most " + limits.maxMemberBytes());
            }
            total += f.bytes();
            if (total > limits.maxTotalBytes()) {
                throw new InvalidBundleException("the bundle's members add up to more than " + limits.maxTotalBytes() + " bytes");
            }
        }
    }

    /** The reference profile's entry, when there is one: its one name, a SHA-256, a size within the limits. */
    private static void checkProfile(BundleManifest m, BundleLimits limits) throws InvalidBundleException {
        BundleManifest.NativeFile p = m.referenceProfile();
        if (p == null) return;
        MemberNames.checkProfile(p.name());
        if (p.sha256() == null || !SHA256.matcher(p.sha256()).matches()) {
            throw new InvalidBundleException("the manifest's SHA-256 of " + ModelBundle.PROFILE + " is not 64 lowercase hex digits");
        }
        if (p.bytes() < 0 || p.bytes() > limits.maxProfileBytes()) {
            throw new InvalidBundleException(ModelBundle.PROFILE + " is declared as " + p.bytes() + " bytes; a reference profile holds at most "
                    + limits.maxProfileBytes());
        }
        if (m.nativeFiles().size() + 2 > limits.maxMembers()) {
            throw new InvalidBundleException("the bundle has " + (m.nativeFiles().size() + 2) + " members; it may hold at most " + limits.maxMembers());
        }
    }

    /**
     * The window features, when there are any: a valid spec, read by format version 2 or later, and
     * the baselines' entry (its one name, a SHA-256, at most a manifest's size); baselines only with a spec.
     */
    private static void checkWindows(BundleManifest m, BundleLimits limits) throws InvalidBundleException {
        BundleManifest.NativeFile b = m.windowBaselines();
        if (m.windows() == null) {
            if (b != null) throw new InvalidBundleException("the manifest lists window baselines without window features");
            return;
        }
        if (m.formatVersion() < 2) {
            throw new InvalidBundleException("the manifest has window features, which bundle format version " + m.formatVersion()
                    + " cannot hold");
        }
        List<SpecProblem> problems = m.windows().problems();
        if (!problems.isEmpty()) throw new InvalidBundleException("the bundle's window features are not valid: " + problems);
        if (b == null) return;
        MemberNames.checkWindowBaselines(b.name());
        if (b.sha256() == null || !SHA256.matcher(b.sha256()).matches()) {
            throw new InvalidBundleException("the manifest's SHA-256 of " + ModelBundle.WINDOW_BASELINES + " is not 64 lowercase hex digits");
        }
        if (b.bytes() < 0 || b.bytes() > limits.maxManifestBytes()) {
            throw new InvalidBundleException(ModelBundle.WINDOW_BASELINES + " is declared as " + b.bytes() + " bytes; it holds at most "
                    + limits.maxManifestBytes());
        }
        if (m.nativeFiles().size() + 3 > limits.maxMembers()) {
            throw new InvalidBundleException("the bundle has " + (m.nativeFiles().size() + 3) + " members; it may hold at most " + limits.maxMembers());
        }
    }

    private static void require(boolean present, String field) throws InvalidBundleException {
        if (!present) throw new InvalidBundleException("the bundle's " + ModelBundle.MANIFEST + " lacks '" + field + "'");
    }
}
