package io.vigil.server.storage;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one place where keys are parsed. A key is {@code sha256/} followed by exactly 64
 * lowercase hex digits; anything else is rejected before it can get near a path.
 */
public final class BlobKeys {
    public static final String PREFIX = "sha256/";
    private static final Pattern KEY = Pattern.compile("sha256/[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private BlobKeys() {}

    /** Returns the 64 hex digits of a valid key, or throws {@link IllegalArgumentException}. */
    public static String requireValid(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid blob key (expected sha256/<64 lowercase hex>): "
                    + describe(key));
        }
        return key.substring(PREFIX.length());
    }

    /** Whether {@code key} is a well-formed key. */
    public static boolean isValid(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** Whether {@code hex} is 64 lowercase hex digits (a file name in the local layout). */
    static boolean isSha256Hex(String hex) {
        return hex != null && HEX.matcher(hex).matches();
    }

    /** The key of a SHA-256 digest. */
    public static String fromDigest(byte[] sha256) {
        return PREFIX + HexFormat.of().formatHex(sha256);
    }

    // Keys come from users: quote them, cut them short, and never echo control characters.
    private static String describe(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
