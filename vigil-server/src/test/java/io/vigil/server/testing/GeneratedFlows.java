package io.vigil.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Small labelled flow data for tests that need a model trained in a second: attacks are many small,
 * short connections to ports 22/23, with 3 % label noise.
 */
public final class GeneratedFlows {
    private GeneratedFlows() {}

    /** {@code rows} records with their label under {@code label}. */
    public static List<Map<String, Object>> rows(int rows, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            boolean attack = random.nextDouble() < 0.3;
            double bytes = attack ? random.nextInt(200) : 500 + random.nextInt(50_000);
            double duration = Math.round((attack ? random.nextDouble() * 0.1 : random.nextDouble() * 30) * 1000) / 1000.0;
            int port = attack ? (random.nextBoolean() ? 22 : 23) : List.of(80, 443, 53).get(random.nextInt(3));
            if (random.nextDouble() < 0.03) {
                attack = !attack; // label noise
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bytes", bytes);
            row.put("duration", duration);
            row.put("dst_port", port);
            row.put("proto", port == 53 ? "udp" : "tcp");
            row.put("label", attack ? "attack" : "normal");
            out.add(row);
        }
        return out;
    }

    /** The same rows without their label: what a client sends to predict. */
    public static List<Map<String, Object>> features(int rows, long seed) {
        List<Map<String, Object>> out = rows(rows, seed);
        out.forEach(r -> r.remove("label"));
        return out;
    }

    public static byte[] csv(int rows, long seed) {
        StringBuilder sb = new StringBuilder("bytes,duration,dst_port,proto,label\n");
        for (Map<String, Object> r : rows(rows, seed)) {
            sb.append(r.get("bytes")).append(',').append(String.format(Locale.ROOT, "%.3f", (Double) r.get("duration"))).append(',')
                    .append(r.get("dst_port")).append(',').append(r.get("proto")).append(',').append(r.get("label")).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
