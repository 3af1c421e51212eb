package io.vigil.server.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** The forms of the host names and web origins the edge settings list; each returns its canonical form, or null. */
final class EdgeValues {
    static final String ORIGIN_EXPECTED = "web origins such as https://soc.example.com or http://10.0.0.5:3000"
            + " (scheme://host[:port] with http or https; no path, no wildcard)";

    private static final String LABEL = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://(" + LABEL + "(\\." + LABEL + ")*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    private EdgeValues() {}

    /** A DNS name, lower case, without the trailing dot of a fully qualified one. */
    static String hostName(String raw) {
        String name = raw.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return HOST_NAME.matcher(name).matches() && name.length() <= 253 ? name : null;
    }

    /** {@code scheme://host[:port]}, lower case; a trailing slash, as a browser's address bar shows it, is dropped. */
    static String origin(String raw) {
        String origin = raw.toLowerCase(Locale.ROOT);
        origin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        return ORIGIN.matcher(origin).matches() ? origin : null;
    }
}
