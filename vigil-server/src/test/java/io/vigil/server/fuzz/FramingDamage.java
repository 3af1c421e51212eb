package io.vigil.server.fuzz;

import java.util.Random;

/**
 * Damage to how a request is framed: its request line (version, method, target), its lengths, its
 * chunking, its line ends, bytes before it, and header lines no parser should take.
 */
final class FramingDamage {
    private FramingDamage() {}

    static void apply(RawRequest raw, Random r) {
        switch (r.nextInt(9)) {
            case 0 -> raw.version = new String[] {"HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "HTTP/3", "", "HTTP/1.1 extra", "http/1.1", "HTTP/1",
                "HTTP/1.1\t", "HTTP/01.1", "HTTP/1.10"}[r.nextInt(11)];
            case 1 -> raw.method = new String[] {"get", "FOO", "G\u0000T", "GET GET", "M".repeat(500), "OPTIONS", "TRACE", "CONNECT",
                "HEAD", "PRI", "PROPFIND", "*", ""}[r.nextInt(13)];
            case 2 -> raw.target = new String[] {"http://" + raw.host + raw.target, "http://evil.example" + raw.target, "*", "",
                raw.target.substring(1), raw.target + "#frag", "//" + raw.target, "/./" + raw.target, raw.target + " ",
                "\t" + raw.target}[r.nextInt(10)];
            case 3 -> contentLength(raw, r);
            case 4, 5 -> chunking(raw, r);
            case 6 -> raw.lineEnd = new String[] {"\n", "\r", "\n\r", "\r\r\n"}[r.nextInt(4)];
            case 7 -> raw.prefix = new String[] {"\r\n\r\n", " ", "\u0000", "\u0016\u0003\u0001"}[r.nextInt(4)]; // the last: a TLS hello
            default -> {
                String[][] broken = {{" Host", "x"}, {"Host x", null}, {"Content Length", "5"}, {"X-A", "a\r\n b"}, {"X-A", "a\u0000b"},
                    {"X-A", "\u0080\u00ff"}, {"", "x"}, {"X-A:", "b"}, {"X\u00e9", "b"}};
                String[] h = broken[r.nextInt(broken.length)];
                raw.extraRaw(h[1] == null ? h[0] : h[0] + ": " + h[1]);
                if (r.nextInt(4) == 0) {
                    raw.suffix = "GARBAGE\r\n\r\n";
                }
            }
        }
    }

    private static void contentLength(RawRequest raw, Random r) {
        int length = raw.body == null ? 0 : raw.body.length;
        switch (r.nextInt(9)) {
            case 0 -> raw.length = "-1";
            case 1 -> raw.length = "abc";
            case 2 -> raw.length = "1.0";
            case 3 -> raw.length = "+5";
            case 4 -> raw.length = "99999999999999999999";
            case 5 -> raw.extra("Content-Length", Integer.toString(length + 1));
            case 6 -> raw.length = Integer.toString(Math.max(0, length / 2)); // the rest arrives as a second request
            case 7 -> {
                raw.length = Integer.toString(length + 10 + r.nextInt(1000));
                raw.halfClose = r.nextInt(10) != 0; // a body that ends early; now and then one that just stops (408)
            }
            default -> {
                raw.length = Integer.toString(length);
                raw.chunked = true; // both framings at once
            }
        }
    }

    private static void chunking(RawRequest raw, Random r) {
        raw.chunked = true;
        String[] te = {"chunked", "chunked", "gzip, chunked", "chunked, gzip", "identity", "gzip", "chunked, chunked", "CHUNKED",
            "chunked;q=1", ""};
        raw.transferEncoding = te[r.nextInt(te.length)];
        raw.chunkDamage = r.nextInt(10);
        raw.halfClose = raw.chunkDamage >= 2 && raw.chunkDamage <= 4;
    }
}
