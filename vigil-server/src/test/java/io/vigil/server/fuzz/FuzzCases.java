package io.vigil.server.fuzz;

import static io.vigil.server.fuzz.JsonBodies.utf8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * The fuzzed requests, one per index: case {@code i} of seed {@code s} (and batch size) is always the
 * same request, so a failure is reproduced by its number. Each case takes a route of the target,
 * fills its path with real ids, picks a caller ({@link FuzzIdentity}: in the refused phase one that
 * must be refused, or one that may call the route with {@link RefusalDamage}), then damages one
 * thing: the path, the query, the body, the headers, the framing (request line, lengths, chunking,
 * line ends), the encodings, the sizes, or a WebSocket upgrade. Requests are bytes written as they
 * are, which no HTTP client would send.
 */
final class FuzzCases {
    /**
     * One request: the route it aims at, what was damaged, its bytes, whether the client ends its
     * output after it, its caller, its phase, and its method and target as finally sent.
     *
     * @param plainHead nothing but the body was damaged: the request reaches the identity check as it is
     */
    record FuzzCase(int index, FuzzTarget.RouteSpec spec, String kind, byte[] request, boolean halfClose, FuzzIdentity identity,
                    String credential, FuzzPhase phase, String method, String target, boolean plainHead) {
        String route() {
            return spec.method() + " " + spec.path();
        }

        /** Whether the request, as sent, has a method that may change something. */
        boolean mutating() {
            return java.util.Set.of("POST", "PUT", "PATCH", "DELETE").contains(method.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static final String[] ODD_SEGMENTS = {"", "0", "-1", "1e3", "99999999999999999999", "2147483648", "1.5", "null", "true",
        "%u002e%u002e", "%2e%2e", "..", ".", "%2F", "%2f..%2f", "%00", "%", "%zz", "%ff%fe", "%c0%ae", "%e2%82", "%80", "%252e",
        "{", "}", "\\", "a b", "\u00c3\u00a9", "\u00ff", "%C3%A9", "%F0%9F%98%80", "\u00f0\u009f\u0098\u0080", "<script>", "'%20OR%201=1",
        "${jndi:ldap://x}", "x;jsessionid=1", "x#frag", "*", "~", "|", "^", "`", "\"", "<>", "%20", "+", "%2B", "%%", "a%",
        "00000000-0000-0000-0000-000000000000", "not-a-uuid", "{id}", "\t", "\u0000"};
    private static final String[] QUERY_NAMES = {"page", "size", "sort", "order", "name", "format", "offset", "limit", "state",
        "status", "kind", "modelId", "modelType", "type", "fileName", "labelColumn", "delimiter", "encoding", "columns", "decimal",
        "version", "since", "tail", "x"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-16",
        "application/json; charset=bogus", "application/json; charset=\"", "application/JSON", "text/json", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=", "application/octet-stream",
        "application/jsonx", "*/*", "", ";", "application/json;;;", "application/problem+json", "text/csv", "application/xml",
        "application/json; boundary=x", "\u00e9/\u00e9"};

    private final FuzzTarget target;
    private final long seed;
    private final int batchSize;
    private final JsonBodies json;
    private final UploadBodies uploads = new UploadBodies();
    private final RefusalDamage refusals;
    private final List<FuzzTarget.RouteSpec> changing;

    /** The cases of {@code seed}, in batches of {@code batchSize} ({@link FuzzPhase}). */
    FuzzCases(FuzzTarget target, long seed, int batchSize) {
        this.target = target;
        this.seed = seed;
        this.batchSize = batchSize;
        this.json = new JsonBodies(target);
        this.refusals = new RefusalDamage(json, uploads);
        this.changing = target.routes.stream().filter(route -> !route.method().equals("GET")).toList();
    }

    FuzzCase next(int index) {
        // mixed first: java.util.Random's first values barely differ between neighbouring seeds
        Random r = new Random(new java.util.SplittableRandom(seed * 1_000_003L + index).nextLong());
        FuzzPhase phase = FuzzPhase.of(index, batchSize);
        // half the refused phase: a caller who may, on a route that changes something, with damage it must refuse
        boolean mayChange = phase == FuzzPhase.REFUSED && r.nextBoolean();
        List<FuzzTarget.RouteSpec> routes = mayChange ? changing : target.routes;
        FuzzTarget.RouteSpec route = routes.get(r.nextInt(routes.size()));
        FuzzIdentity identity = mayChange ? FuzzIdentity.allowed(route.access(), r)
                : phase == FuzzPhase.REFUSED ? FuzzIdentity.forRefusal(route.access(), r) : FuzzIdentity.any(r);
        RawRequest raw = new RawRequest(route.method(), filled(route, r, -1), target.host + ":" + target.port);
        FuzzCredentials.Credential credential = target.credentials.pick(identity, r);
        if (credential != null) {
            raw.header(credential.header(), credential.value());
        }
        if (route.upload()) {
            UploadBodies.Upload upload = uploads.next(r, index);
            raw.header("Content-Type", upload.contentType());
            raw.target += upload.query().isEmpty() ? "" : "?" + upload.query();
            raw.body = upload.body();
        } else if (route.hasBody()) {
            raw.header("Content-Type", "application/json");
            raw.body = utf8(json.valid(route, r, index));
        }
        boolean mustRefuse = phase == FuzzPhase.REFUSED && identity.may(route.access()) && !route.method().equals("GET");
        String kind = mustRefuse ? refusals.apply(raw, route, r, index) : damage(raw, route, r, index);
        boolean plainHead = (kind.equals("valid") || kind.equals("body")) && raw.plainHead();
        return new FuzzCase(index, route, kind, raw.bytes(), raw.halfClose, identity, credential == null ? "none" : credential.what(),
                phase, raw.method, raw.target, plainHead);
    }

    /** Damages one thing of {@code raw} (or nothing, now and then); answers what. */
    private String damage(RawRequest raw, FuzzTarget.RouteSpec route, Random r, int index) {
        int dice = r.nextInt(100);
        String kind;
        if (dice < 6) {
            kind = "valid";
        } else if (dice < 20) {
            kind = "path";
            path(raw, route, r);
        } else if (dice < 30) {
            kind = "query";
            query(raw, r);
        } else if (dice < 58) {
            kind = "body";
            body(raw, route, r, index);
        } else if (dice < 68) {
            kind = "headers";
            headers(raw, r);
        } else if (dice < 84) {
            kind = "framing";
            FramingDamage.apply(raw, r);
        } else if (dice < 92) {
            kind = "encoding";
            encoding(raw, route, r);
        } else if (dice < 97) {
            kind = "size";
            size(raw, r);
        } else {
            kind = "websocket";
            webSocket(raw, route, r);
        }
        return kind;
    }

    /** The route's path with real ids; the parameter at {@code odd} (if any) gets {@code oddValue} instead. */
    private String filled(FuzzTarget.RouteSpec route, Random r, int odd) {
        String[] segments = route.path().split("/", -1);
        StringBuilder path = new StringBuilder();
        int parameter = 0;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            String value = s;
            if (s.startsWith("{")) {
                value = parameter++ == odd ? ODD_SEGMENTS[r.nextInt(ODD_SEGMENTS.length)] : real(route, s, r);
            }
            path.append('/').append(value);
        }
        return path.toString();
    }

    private String real(FuzzTarget.RouteSpec route, String parameter, Random r) {
        if (parameter.equals("{version}")) {
            return r.nextInt(10) == 0 ? "2" : "1";
        }
        if (parameter.equals("{name}")) {
            return target.modelName;
        }
        if (r.nextInt(12) == 0) {
            return UUID.randomUUID().toString(); // a well-formed id of nothing
        }
        if (route.path().startsWith("/ml/datasets")) {
            return route.destructive() ? target.scratchDatasetId : target.datasetId;
        }
        if (route.path().startsWith("/ml/jobs")) {
            return target.jobId;
        }
        return route.destructive() ? target.scratchModelId : target.modelId;
    }

    private void path(RawRequest raw, FuzzTarget.RouteSpec route, Random r) {
        long parameters = route.path().chars().filter(c -> c == '{').count();
        String query = raw.target.contains("?") ? raw.target.substring(raw.target.indexOf('?')) : "";
        if (parameters > 0 && r.nextInt(4) != 0) {
            raw.target = filled(route, r, r.nextInt((int) parameters)) + query;
            return;
        }
        String path = raw.target.contains("?") ? raw.target.substring(0, raw.target.indexOf('?')) : raw.target;
        String odd = ODD_SEGMENTS[r.nextInt(ODD_SEGMENTS.length)];
        raw.target = switch (r.nextInt(8)) {
            case 0 -> path + "/";
            case 1 -> path + "/" + odd;
            case 2 -> "/" + odd + path;
            case 3 -> path.replace("/", "//");
            case 4 -> path + "/..";
            case 5 -> path.toUpperCase(java.util.Locale.ROOT);
            case 6 -> path + ";a=b";
            default -> path.replaceFirst("/[^/]*$", java.util.regex.Matcher.quoteReplacement("/" + odd));
        } + query;
    }

    private static void query(RawRequest raw, Random r) {
        StringBuilder q = new StringBuilder(raw.target.contains("?") ? "&" : "?");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = QUERY_NAMES[r.nextInt(QUERY_NAMES.length)];
            String value = switch (r.nextInt(6)) {
                case 0 -> Integer.toString(r.nextInt(2000) - 1000);
                case 1 -> "99999999999999999999";
                case 2 -> "x".repeat(r.nextInt(3000));
                default -> ODD_SEGMENTS[r.nextInt(ODD_SEGMENTS.length)];
            };
            q.append(i == 0 ? "" : "&").append(name).append('=').append(value);
        }
        String[] raws = {"", "&&&", "a", "=x", "a=%zz", "a=%", "a=%ff", "a=b&a=c", "page=1&page=2", "size=0", "size=-1", "limit=1e9",
            "sort=" + "a".repeat(500), "%00=1", "a[]=1", "a[b]=c", "a=1;b=2", "?", "#x"};
        raw.target += r.nextBoolean() ? q : (raw.target.contains("?") ? "&" : "?") + raws[r.nextInt(raws.length)];
    }

    private void body(RawRequest raw, FuzzTarget.RouteSpec route, Random r, int index) {
        if (route.upload()) {
            UploadBodies.Upload upload = uploads.next(r, index);
            raw.header("Content-Type", upload.contentType());
            raw.body = upload.body();
            return;
        }
        String valid = route.hasBody() ? json.valid(route, r, index) : "{}";
        if (!route.hasBody()) {
            raw.header("Content-Type", CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]); // a body on a GET or DELETE
        } else if (r.nextInt(5) == 0) {
            raw.header("Content-Type", CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]);
        }
        raw.body = json.mutate(valid, r);
    }

    private static void headers(RawRequest raw, Random r) {
        String[][] odd = {
            {"Content-Type", CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]},
            {"Accept", "application/xml"}, {"Accept", "text/event-stream"}, {"Accept", "*/*;q=0"}, {"Accept", "\u0001"},
            {"Accept-Charset", "bogus"}, {"Accept-Encoding", "gzip, br, *"}, {"Content-Encoding", "gzip"},
            {"Content-Encoding", "bogus"}, {"X-Request-Id", "x".repeat(500)}, {"X-Request-Id", "\u00e9\u00e9"},
            {"Expect", "100-continue"}, {"Expect", "200-ok"}, {"Range", "bytes=0-1"}, {"Range", "bytes=999999999-"},
            {"Range", "bytes=abc"}, {"Range", "bytes=0-1,2-3"}, {"If-None-Match", "*"}, {"If-Modified-Since", "yesterday"},
            {"Cookie", "JSESSIONID=abc"}, {"Cookie", "a=" + "b".repeat(4000)}, {"Authorization", "Basic %%%"},
            {"Connection", "keep-alive, Upgrade"}, {"Connection", "TE"}, {"TE", "trailers"}, {"X-Forwarded-For", "not-an-ip"},
            {"Forwarded", "for=\"[::1"}, {"Origin", "null"}, {"Content-Type", "application/json"}, {"Content-Language", "\u00ff"},
            {"Max-Forwards", "-1"}, {"Transfer-Encoding", "chunked"}};
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String[] h = odd[r.nextInt(odd.length)];
            if (h[0].equals("Transfer-Encoding")) {
                raw.chunked = true;
            } else if (r.nextBoolean()) {
                raw.header(h[0], h[1]);
            } else {
                raw.extra(h[0], h[1]);
            }
        }
        switch (r.nextInt(6)) {
            case 0 -> raw.host = null;
            case 1 -> raw.host = new String[] {"", "a b", "[::1", "x:99999", "x".repeat(1000), "\u00e9"}[r.nextInt(6)];
            case 2 -> raw.extra("Host", "other.example");
            default -> { }
        }
    }

    private static void encoding(RawRequest raw, FuzzTarget.RouteSpec route, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> raw.target += (raw.target.contains("?") ? "&" : "?") + "name=" + new String[] {"%C3%A9", "%c0%af", "%e2%82", "%80",
                "\u00c3\u00a9", "\u00ff\u00fe", "%00", "+%2B+", "%F0%9F%98%80"}[r.nextInt(9)];
            case 1 -> raw.target = raw.target.replaceFirst("/([^/?]*)$", "/$1" + java.util.regex.Matcher.quoteReplacement(
                    new String[] {"\u00c3\u00a9", "%C3%A9", "%c0%af", "\u00f0\u009f\u0098\u0080", "%e2%82%ac"}[r.nextInt(5)]));
            case 2 -> {
                raw.header("Content-Type", "application/json; charset=iso-8859-1");
                raw.body = "{\"modelType\": \"caf\u00e9\", \"features\": {\"proto\": \"\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
            }
            case 3 -> {
                raw.header("Content-Type", "application/json; charset=utf-16");
                raw.body = raw.body == null ? utf8("{}") : (r.nextBoolean() ? raw.body
                        : new String(raw.body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
            }
            case 4 -> raw.extra("X-Note", "\u00c3\u00a9\u00f0\u009f\u0098\u0080");
            default -> {
                raw.header("Content-Encoding", "gzip");
                if (r.nextBoolean() && raw.body != null) {
                    ByteArrayOutputStream gz = new ByteArrayOutputStream();
                    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
                        out.write(raw.body);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    raw.body = gz.toByteArray();
                }
            }
        }
    }

    private static void size(RawRequest raw, Random r) {
        switch (r.nextInt(7)) {
            case 0 -> raw.target += (raw.target.contains("?") ? "&" : "?") + "x=" + "y".repeat(7000 + r.nextInt(1500));
            case 1 -> raw.target = raw.target + "/" + "z".repeat(7000 + r.nextInt(1500));
            case 2 -> raw.extra("X-Big", "b".repeat(5000 + r.nextInt(6000)));
            case 3 -> {
                for (int i = 0; i < 100 + r.nextInt(200); i++) {
                    raw.extra("X-H" + i, "v");
                }
            }
            case 4 -> {
                raw.length = Long.toString(16L * 1024 * 1024 + 1 + r.nextInt(1 << 30)); // declared, never sent: refused at once
                raw.body = new byte[0];
                raw.halfClose = true;
            }
            case 5 -> {
                byte[] big = new byte[(r.nextInt(10) == 0 ? 17 : 1 + r.nextInt(4)) * 1024 * 1024];
                r.nextBytes(big);
                raw.body = big;
            }
            default -> {
                raw.header("Content-Type", "application/json");
                raw.body = utf8("{\"instances\": [" + "{},".repeat(10_000) + "{}]}");
            }
        }
    }

    private void webSocket(RawRequest raw, FuzzTarget.RouteSpec route, Random r) {
        if (r.nextBoolean()) {
            raw.method = "GET";
            raw.target = target.routes.stream().filter(x -> x.path().endsWith("/ws")).findFirst().map(FuzzTarget.RouteSpec::path)
                    .orElse("/ml/ws");
            raw.body = null;
        }
        String[][] headers = {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Version", "13"},
            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
        for (String[] h : headers) {
            if (r.nextInt(5) != 0) {
                raw.extra(h[0], r.nextInt(6) == 0 ? new String[] {"", "x", "8", "websocket, h2c", "\u00e9"}[r.nextInt(5)] : h[1]);
            }
        }
        if (r.nextInt(3) == 0) {
            raw.extra("Sec-WebSocket-Extensions", new String[] {"permessage-deflate; server_max_window_bits=99", "bogus", ";;"}[r.nextInt(3)]);
        }
        if (r.nextInt(3) == 0) {
            raw.extra("Sec-WebSocket-Protocol", new String[] {"", ",", "a, b", "x".repeat(3000)}[r.nextInt(4)]);
        }
        raw.connection = "Upgrade";
    }
}
