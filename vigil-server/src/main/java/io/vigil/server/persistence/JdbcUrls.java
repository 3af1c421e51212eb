package io.vigil.server.persistence;

import java.util.regex.Pattern;

/** JDBC URLs made safe to log: a password in the query string is masked. */
final class JdbcUrls {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private JdbcUrls() {}

    static String redact(String url) {
        return url == null ? null : PASSWORD.matcher(url).replaceAll("$1***");
    }
}
