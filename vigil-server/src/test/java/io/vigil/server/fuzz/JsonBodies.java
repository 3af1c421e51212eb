package io.vigil.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.core.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * JSON request bodies: a valid one per route (so mutations start from something the route takes)
 * and the mutations: broken syntax, wrong types, extreme values, missing and unknown fields, odd
 * text (NUL, lone surrogates, invalid UTF-8), deep nesting and large sizes.
 */
final class JsonBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FEATURES = "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}";

    private final FuzzTarget target;

    JsonBodies(FuzzTarget target) {
        this.target = target;
    }

    /** A body the route accepts (or refuses for a business reason only). */
    String valid(FuzzTarget.RouteSpec route, Random r, int index) {
        String p = route.path();
        String someDataset = r.nextInt(10) == 0 ? target.datasetId : UUID.randomUUID().toString();
        if (p.equals("/auth/login")) { // never the real password: the login path, its 401 and its throttle
            return "{\"username\": \"admin\", \"password\": \"not-the-password-" + index + "\"}";
        }
        if (p.equals("/auth/refresh") || p.equals("/auth/logout")) {
            return "{\"refreshToken\": \"" + UUID.randomUUID() + "\"}";
        }
        if (p.equals("/auth/keys")) {
            return "{\"name\": \"fz-key-" + index + "\", \"role\": \"service\"}";
        }
        if (p.equals("/auth/users")) {
            return "{\"username\": \"fz-" + index + "\", \"role\": \"analyst\", \"password\": \"fuzz-password-" + index + "\"}";
        }
        if (p.equals("/auth/users/{id}/password")) {
            return "{\"password\": \"fuzz-password-" + index + "\"}";
        }
        if (p.equals("/auth/users/{id}") && route.method().equals("PATCH")) {
            return "{\"role\": \"analyst\"}";
        }
        if (p.equals("/ml/datasets/concat")) {
            return "{\"name\": \"fz-concat-" + index + "\", \"datasetIds\": [\"" + target.scratchDatasetId + "\", \"" + target.scratchDatasetId + "\"]}";
        }
        if (p.equals("/ml/models") && route.method().equals("POST")) {
            return "{\"modelName\": \"fz-" + index + "\", \"modelType\": \"fuzz\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\","
                    + " \"hyperparameters\": {\"rounds\": 2}, \"tags\": [\"a\"], \"description\": \"d\"}";
        }
        if (route.method().equals("PUT") && p.equals("/ml/models/{id}")) {
            return "{\"description\": \"updated\", \"tags\": [\"x\"], \"owner\": \"o\"}";
        }
        if (p.endsWith("/train")) {
            // a real dataset only now and then: each one queues a real training job
            return "{\"datasetId\": \"" + (r.nextInt(20) == 0 ? target.datasetId : UUID.randomUUID()) + "\", \"trainTestSplit\": 0.2,"
                    + " \"seed\": 3, \"hyperparameters\": {\"rounds\": 2}}";
        }
        if (p.endsWith("/validate")) {
            return "{\"datasetId\": \"" + target.holdoutId + "\", \"version\": 1, \"thresholds\": {\"accuracy\": 0.5}}";
        }
        if (p.endsWith("/deploy")) {
            return "{\"version\": 1}";
        }
        if (p.endsWith("/rollback") || p.endsWith("/retire") || p.endsWith("/cancel")) {
            return "{}";
        }
        if (p.equals("/ml/predict")) {
            return r.nextBoolean() ? "{\"modelType\": \"intrusion\", \"features\": " + FEATURES + "}"
                    : "{\"modelName\": \"" + target.modelName + "\", \"instances\": [" + FEATURES + ", " + FEATURES + "], \"explain\": true}";
        }
        if (p.endsWith("/batch-predict")) {
            return r.nextInt(20) == 0 ? "{\"datasetId\": \"" + someDataset + "\"}" : "{\"instances\": [" + FEATURES + "], \"explain\": true}";
        }
        if (p.endsWith("/predict")) {
            return "{\"features\": " + FEATURES + ", \"version\": 1, \"explain\": true, \"topK\": 3}";
        }
        if (p.endsWith("/infer")) {
            return "{\"id\": \"x\", \"inputs\": ["
                    + "{\"name\": \"bytes\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [40]},"
                    + "{\"name\": \"duration\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [0.01]},"
                    + "{\"name\": \"dst_port\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [22]},"
                    + "{\"name\": \"proto\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"tcp\"]}]}";
        }
        if (p.equals("/ml/alerts/rules") || p.equals("/ml/alerts/rules/{id}")) {
            return "{\"name\": \"fz-rule-" + index + "\", \"kind\": \"latency_p99\", \"threshold\": 500, \"window\": \"15m\","
                    + " \"severity\": \"warning\", \"cooldown\": \"10m\", \"channels\": [\"" + UUID.randomUUID() + "\"]}";
        }
        if (route.method().equals("PATCH")) {
            return "{\"priority\": 5}";
        }
        return "{}";
    }

    /** A mutation of {@code valid}, as bytes (some are not valid UTF-8 on purpose). */
    byte[] mutate(String valid, Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> whole(valid, r);
            case 1, 2, 3 -> utf8(Json.write(field(parse(valid), r)));
            case 4 -> text(valid, r);
            default -> size(valid, r);
        };
    }

    /**
     * A body no route may take: broken syntax, bad UTF-8, a non-number token, a bare value or an
     * array where an object belongs, nesting past the limit, or more bytes than a body may have.
     */
    byte[] broken(String valid, Random r) {
        String[] broken = {"{", "}", "[", "]", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "{\"x\": NaN}",
            valid + "garbage", valid.substring(0, valid.length() / 2), "\u0000", "0", "\"x\"", "[]", "[" + valid + "]"};
        int pick = r.nextInt(broken.length + 3);
        if (pick == broken.length) {
            return utf8("[".repeat(20_000) + "]".repeat(20_000));
        }
        if (pick == broken.length + 1) {
            return concat(utf8("{\"modelType\": \""), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe}, utf8("\"}"));
        }
        if (pick == broken.length + 2) {
            return r.nextInt(10) == 0 ? utf8("{\"description\": \"" + "x".repeat(17 * 1024 * 1024) + "\"}") : utf8("{\"a\":".repeat(5_000));
        }
        return utf8(broken[pick]);
    }

    /** The whole body replaced by something odd. */
    private static byte[] whole(String valid, Random r) {
        String[] odd = {"", " ", "\n", "null", "true", "0", "-1", "\"x\"", "[]", "{}", "{", "}", "[", "]", "{\"a\":}", "{\"a\" 1}",
            "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "[1,]", "NaN", "Infinity", "-Infinity", "1e999999", "-", "+1", "01", ".5",
            "\"\\ud800\"", "{\"x\": \"\\u0000\"}", "\u0000", "{}{}", valid + "garbage", valid + valid, "/* c */ {}", "{\"a\": 1} // c",
            valid.substring(0, valid.length() / 2), "[" + valid + "]", "{\"features\": null}", "{\"instances\": null}",
            "{\"instances\": [null]}", "{\"inputs\": null}", "{\"inputs\": [null]}", "{\"datasetIds\": null}", "{\"priority\": null}"};
        int pick = r.nextInt(odd.length + 3);
        if (pick == odd.length) {
            return utf8("[".repeat(20_000) + "]".repeat(20_000));
        }
        if (pick == odd.length + 1) {
            return utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
        }
        if (pick == odd.length + 2) {
            byte[] random = new byte[1 + r.nextInt(2000)];
            r.nextBytes(random);
            return random;
        }
        return utf8(odd[pick]);
    }

    /** One field (at any depth) given an odd value, removed, or joined by an unknown one. */
    private static JsonNode field(JsonNode root, Random r) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        if (objects.isEmpty()) {
            return odd(r);
        }
        ObjectNode object = objects.get(r.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        int what = r.nextInt(10);
        if (names.isEmpty() || what == 0) {
            object.set(r.nextBoolean() ? "unknownField" : oddName(r), odd(r));
        } else if (what == 1) {
            object.remove(names.get(r.nextInt(names.size())));
        } else {
            object.set(names.get(r.nextInt(names.size())), odd(r));
        }
        return root;
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    private static String oddName(Random r) {
        String[] names = {"", " ", "\u0000", "a.b.c", "__proto__", "constructor", "x".repeat(5000), "\ud83d\ude00", "bytes.x", "label"};
        return names[r.nextInt(names.length)];
    }

    /** Values of every JSON type and their extremes. */
    private static JsonNode odd(Random r) {
        return switch (r.nextInt(26)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.textNode("x".repeat(1 + r.nextInt(100_000)));
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(0);
            case 5 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
            case 6 -> NODES.numberNode(Long.MAX_VALUE);
            case 7 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 8 -> NODES.numberNode(1e308);
            case 9 -> NODES.numberNode(-1e308);
            case 10 -> NODES.numberNode(1.5);
            case 11 -> NODES.booleanNode(r.nextBoolean());
            case 12 -> NODES.arrayNode();
            case 13 -> NODES.objectNode();
            case 14 -> NODES.arrayNode().add(NODES.nullNode()).add(1).add("a");
            case 15 -> NODES.objectNode().put("", "");
            case 16 -> NODES.textNode("\u0000");
            case 17 -> NODES.textNode("a\u0000b");
            case 18 -> NODES.textNode("\ud800");
            case 19 -> NODES.textNode(UUID.randomUUID().toString());
            case 20 -> NODES.textNode("not-a-uuid");
            case 21 -> NODES.textNode("NaN");
            case 22 -> NODES.textNode("2024-02-30T25:61:00Z");
            case 23 -> deep(200 + r.nextInt(700)); // deeper ones are written as text (Jackson writes at most 1,000 levels)
            case 24 -> manyItems(10_001);
            default -> NODES.numberNode(Double.NaN);
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            node = (i % 2 == 0) ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    private static ArrayNode manyItems(int n) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            array.add(NODES.objectNode().put("bytes", i));
        }
        return array;
    }

    /** Text-level damage the JSON model cannot express: duplicate keys, bare tokens, bad UTF-8, a BOM, UTF-16. */
    private static byte[] text(String valid, Random r) {
        String inner = valid.length() > 2 ? valid.substring(1) : "}";
        return switch (r.nextInt(9)) {
            case 0 -> utf8("{\"version\": 1, \"version\": \"x\"," + inner);
            case 1 -> utf8("{\"x\": NaN," + inner);
            case 2 -> concat(utf8("{\"modelType\": \""), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe}, utf8("\"," + inner));
            case 3 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(valid));
            case 4 -> valid.getBytes(StandardCharsets.UTF_16LE);
            case 5 -> valid.getBytes(StandardCharsets.UTF_16);
            case 6 -> concat(utf8("{\"modelType\": \""), new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"," + inner));
            case 7 -> utf8(valid.replace("\"", "'"));
            default -> utf8(valid.replace(":", ": \"\\u0000\" ,").substring(0, Math.max(1, valid.length() / 3)));
        };
    }

    /** Large bodies: a long string, many records, many fields. */
    private static byte[] size(String valid, Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> utf8("{\"description\": \"" + "x".repeat(1_000_000 + r.nextInt(2_000_000)) + "\"}");
            case 1 -> {
                StringBuilder b = new StringBuilder("{\"instances\": [");
                int n = 5_000 + r.nextInt(6_000);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(FEATURES);
                }
                yield utf8(b.append("]}").toString());
            }
            default -> {
                StringBuilder b = new StringBuilder("{\"features\": {");
                for (int i = 0; i < 20_000; i++) {
                    b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": ").append(i);
                }
                yield utf8(b.append("}}").toString());
            }
        };
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a template body is not JSON: " + json, e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
