package io.vigil.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Small labelled flow data for tests that need a model trained in a second. */
public final class GeneratedFlows {
    private GeneratedFlows() {}

    /** Flow-like rows: attacks are many small connections to one port, with some noise. */
    public static byte[] csv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("bytes,duration,dst_port,proto,label\n");
        for (int i = 0; i < rows; i++) {
            boolean attack = random.nextDouble() < 0.3;
            double bytes = attack ? random.nextInt(200) : 500 + random.nextInt(50_000);
            double duration = attack ? random.nextDouble() * 0.1 : random.nextDouble() * 30;
            int port = attack ? (random.nextBoolean() ? 22 : 23) : List.of(80, 443, 53).get(random.nextInt(3));
            String proto = port == 53 ? "udp" : "tcp";
            if (random.nextDouble() < 0.03) {
                attack = !attack; // label noise
            }
            sb.append(bytes).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", duration)).append(',')
                    .append(port).append(',').append(proto).append(',').append(attack ? "attack" : "normal").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
