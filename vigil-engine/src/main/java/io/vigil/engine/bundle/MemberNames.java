package io.vigil.engine.bundle;

import java.util.regex.Pattern;

/**
 * The names a bundle's members may have, checked before a member is read. Vigil never writes a
 * member to disk, but a name that could escape a directory (zip slip), an absolute or Windows
 * name, a control character or a name the format does not know is refused all the same: such a
 * bundle was not written by Vigil.
 */
final class MemberNames {
    /** A native file's name: one plain file name, as the algorithms write them ({@code model.json}, {@code forest-000.json}). */
    private static final Pattern NATIVE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final int SHOWN = 120;

    private MemberNames() {
    }

    /** Refuses a member name from the zip stream that is not a plain relative name of the format's shape. */
    static void checkMember(String name) throws InvalidBundleException {
        if (name.isEmpty()) throw refused(name, "it is empty");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) throw refused(name, "it holds a control character (NUL, newline, ...)");
        }
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).matches()) {
            throw refused(name, "it is an absolute name");
        }
        if (name.indexOf('\\') >= 0) throw refused(name, "it holds a backslash");
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) throw refused(name, "it climbs out of the bundle with '..' (zip slip)");
            if (segment.isEmpty() || segment.equals(".")) throw refused(name, "it is not a plain relative name");
        }
    }

    /** Refuses a native file name listed in the manifest that is not one plain file name. */
    static void checkNative(String name) throws InvalidBundleException {
        if (name == null || !NATIVE_NAME.matcher(name).matches()) {
            throw new InvalidBundleException("the manifest lists a native file named " + shown(name)
                    + ": a native file's name is one plain file name (letters, digits, '.', '_', '-')");
        }
    }

    /** Refuses a reference profile entry in the manifest that does not name the one member a profile may be. */
    static void checkProfile(String name) throws InvalidBundleException {
        if (!ModelBundle.PROFILE.equals(name)) {
            throw new InvalidBundleException("the manifest names its reference profile " + shown(name) + ": a reference profile is always "
                    + ModelBundle.PROFILE);
        }
    }

    /** Refuses a window baselines entry in the manifest that does not name the one member they may be. */
    static void checkWindowBaselines(String name) throws InvalidBundleException {
        if (!ModelBundle.WINDOW_BASELINES.equals(name)) {
            throw new InvalidBundleException("the manifest names its window baselines " + shown(name) + ": they are always "
                    + ModelBundle.WINDOW_BASELINES);
        }
    }

    static InvalidBundleException refused(String name, String why) {
        return new InvalidBundleException("bundle member " + shown(name) + " is refused: " + why);
    }

    /** The name quoted for a message or a log line: control characters escaped, cut if long. */
    static String shown(String name) {
        if (name == null) return "null";
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < name.length() && i < SHOWN; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        if (name.length() > SHOWN) s.append("...");
        return s.append('\'').toString();
    }
}
