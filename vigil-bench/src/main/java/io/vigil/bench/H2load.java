package io.vigil.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives unary gRPC calls with h2load (Debian package {@code nghttp2-client}), the HTTP/2 counterpart
 * of {@link Wrk}: a native load generator, so the server gets nearly both cores rather than sharing
 * them with a JVM of clients. A gRPC call is an HTTP/2 POST whose body is the message with gRPC's
 * five-byte frame (a compression flag and the length); h2load sends that one body on every stream,
 * {@code clients} streams at once on one connection (as a gRPC channel multiplexes them), and its
 * per-request log gives the percentiles. h2load checks no gRPC status (it lives in the trailers):
 * the caller proves the body answers OK first.
 */
final class H2load {

    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private H2load() {}

    static boolean available() {
        try {
            return new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String version() throws IOException {
        Process p = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?").trim();
    }

    /** {@code message} framed as gRPC sends it: no compression, a big-endian length, the bytes. */
    static byte[] framed(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /** {@code clients} concurrent calls of {@code url} (a full method's path) with {@code message}, for {@code duration} after 2 s of warm-up. */
    static ServingLoad.Result drive(String url, byte[] message, Map<String, String> metadata, int clients, Duration duration) throws Exception {
        Path dir = Files.createTempDirectory("vigil-h2load-");
        Path body = Files.write(dir.resolve("call.bin"), framed(message));
        Path log = dir.resolve("requests.tsv");
        List<String> command = new ArrayList<>(List.of("h2load", "-c1", "-m" + clients, "-D", Long.toString(duration.toSeconds()),
                "--warm-up-time=" + WARM_UP.toSeconds(), "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", body.toString(),
                "--log-file=" + log));
        metadata.forEach((k, v) -> command.addAll(List.of("-H", k + ": " + v)));
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("h2load failed:\n" + out);
        // rows: start (us since the epoch), HTTP status (-1 for a failed stream), duration (us); the warm-up's rows are left out
        List<String[]> rows = Files.readAllLines(log).stream().map(l -> l.split("\t")).toList();
        if (rows.isEmpty()) throw new IllegalStateException("h2load finished no call:\n" + out);
        long measuredFrom = rows.stream().mapToLong(f -> Long.parseLong(f[0])).min().orElseThrow() + WARM_UP.toNanos() / 1000;
        List<String[]> measured = rows.stream().filter(f -> Long.parseLong(f[0]) >= measuredFrom).toList();
        long[] micros = measured.stream().filter(f -> f[1].equals("200")).mapToLong(f -> Long.parseLong(f[2])).sorted().toArray();
        long failed = measured.size() - micros.length;
        return new ServingLoad.Result(requestsPerSecond(out), percentile(micros, 0.50) / 1e3, percentile(micros, 0.99) / 1e3, failed, "");
    }

    /** h2load's own rate over the measured time: "finished in 10.00s, 12345.60 req/s, ...". */
    private static double requestsPerSecond(String out) {
        for (String line : out.lines().toList()) {
            int at = line.indexOf(" req/s");
            if (line.startsWith("finished in") && at > 0) return Double.parseDouble(line.substring(line.lastIndexOf(' ', at - 1) + 1, at));
        }
        throw new IllegalStateException("h2load printed no rate:\n" + out);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
