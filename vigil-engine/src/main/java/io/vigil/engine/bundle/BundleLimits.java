package io.vigil.engine.bundle;

/**
 * How much a bundle may hold before it is refused, checked while it is read and before anything in
 * it is used: the number of members, the bytes of {@code manifest.json}, of one native file and of
 * all members inflated, and how many times a member may inflate beyond its compressed bytes. A zip
 * bomb (a gigabyte of zeros deflated to a megabyte) inflates about a thousand times; the models
 * Vigil writes inflate less than ten times (measured in {@code BundleAttackTest}).
 *
 * @param maxMembers          members in the zip stream, the manifest included
 * @param maxManifestBytes    bytes of {@code manifest.json} inflated
 * @param maxMemberBytes      bytes of one native file inflated (at most what one Java array holds)
 * @param maxTotalBytes       bytes of all members inflated
 * @param maxCompressionRatio inflated bytes per compressed byte, judged once a member passes
 *                            {@link #RATIO_JUDGED_AFTER} inflated bytes (small files may compress well)
 * @param maxProfileBytes     bytes of {@code reference-profile.json} inflated
 */
public record BundleLimits(int maxMembers, long maxManifestBytes, long maxMemberBytes, long maxTotalBytes, int maxCompressionRatio,
                           long maxProfileBytes) {
    /** Below this many inflated bytes a member's compression ratio is not judged. */
    public static final long RATIO_JUDGED_AFTER = 1L << 20;

    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * The limits every read applies unless told otherwise: 4,096 members (a random forest of 1,000
     * chunks writes 1,001), a 64 MiB manifest, 1 GiB per native file, 2 GiB in all, a ratio of 100,
     * a 64 MiB reference profile (a profile of 100 numeric inputs is about 5 MiB at most).
     */
    public static final BundleLimits DEFAULTS = new BundleLimits(4096, 64L << 20, 1L << 30, 2L << 30, 100, 64L << 20);

    /** Limits with the default {@link #maxProfileBytes} (64 MiB). */
    public BundleLimits(int maxMembers, long maxManifestBytes, long maxMemberBytes, long maxTotalBytes, int maxCompressionRatio) {
        this(maxMembers, maxManifestBytes, maxMemberBytes, maxTotalBytes, maxCompressionRatio, 64L << 20);
    }

    public BundleLimits {
        if (maxMembers < 1 || maxManifestBytes < 1 || maxMemberBytes < 0 || maxTotalBytes < 1 || maxCompressionRatio < 1
                || maxProfileBytes < 1) {
            throw new IllegalArgumentException("bundle limits must be positive: " + this);
        }
        if (maxManifestBytes > MAX_ARRAY || maxMemberBytes > MAX_ARRAY || maxProfileBytes > MAX_ARRAY) {
            throw new IllegalArgumentException("a bundle member is read into one array: at most " + MAX_ARRAY + " bytes");
        }
    }
}
