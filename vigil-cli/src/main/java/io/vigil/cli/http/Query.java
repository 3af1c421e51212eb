package io.vigil.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds "path?a=1&b=2", leaving out parameters the user did not give. */
public final class Query {
    private final StringBuilder path;
    private final StringJoiner params = new StringJoiner("&");

    private Query(String path) {
        this.path = new StringBuilder(path);
    }

    /** A path from literal parts and user-given segments: {@code Query.path("/ml/jobs/", id, "/logs")}. */
    public static Query path(String first, String... rest) {
        Query query = new Query(first);
        for (int i = 0; i < rest.length; i++) {
            // odd positions are user values (ids), even positions literal path text
            query.path.append(i % 2 == 0 ? segment(rest[i]) : rest[i]);
        }
        return query;
    }

    public Query param(String name, Object value) {
        if (value != null) params.add(encode(name) + "=" + encode(String.valueOf(value)));
        return this;
    }

    @Override
    public String toString() {
        return params.length() == 0 ? path.toString() : path + "?" + params;
    }

    static String segment(String value) {
        return encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
