package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the server with wrk (Debian package {@code wrk}): a Lua script cycles through the request
 * bodies (one file each), and wrk's own latency histogram gives the percentiles. wrk's threads are few and cheap, so
 * the server gets nearly both cores, unlike a load generator on the JVM. A GET is made by a Lua
 * request function too: client and server share the cores, so the endpoints compared must cost the
 * client the same (a static request skips Lua and would leave the trivial endpoint more CPU).
 */
final class Wrk implements ServingLoad.Driver {

    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() <= 1;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String version() throws IOException {
        Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().findFirst().orElse("?").trim();
    }

    @Override
    public ServingLoad.Result drive(String url, ServingLoad.Requests requests, int clients, Duration duration, CpuMeter cpu)
            throws Exception {
        Path dir = Files.createTempDirectory("vigil-wrk-");
        Path script = dir.resolve("load.lua");
        StringBuilder lua = new StringBuilder();
        if (requests.bodies() != null) {
            List<byte[]> bodies = requests.bodies();
            for (int i = 0; i < bodies.size(); i++) {
                Files.write(dir.resolve("body-" + (i + 1)), bodies.get(i)); // one file each: bodies may be binary
            }
            lua.append("local bodies = {}\n")
                    .append("for i = 1, ").append(bodies.size()).append(" do\n")
                    .append("  local f = io.open(\"").append(dir).append("/body-\" .. i, \"rb\")\n")
                    .append("  bodies[i] = f:read(\"*a\")\n  f:close()\nend\n")
                    .append("local i = 0\n")
                    .append("wrk.method = \"POST\"\n");
            requests.headers().forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"").append(v).append("\"\n"));
            lua.append("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n");
        } else {
            lua.append("request = function()\n  return wrk.format(nil, nil, nil, nil)\nend\n");
        }
        lua.append("done = function(summary, latency, requests)\n")
                .append("  local e = summary.errors\n")
                .append("  io.write(string.format(\"VIGIL %d %d %d %d %d\\n\", summary.requests, summary.duration,")
                .append(" latency:percentile(50), latency:percentile(99),")
                .append(" e.connect + e.read + e.write + e.status + e.timeout))\nend\n");
        Files.writeString(script, lua);
        int threads = Math.min(2, clients);
        run(List.of("wrk", "-t1", "-c1", "-d2s", "-s", script.toString(), url)); // warm-up
        CpuMeter.Snapshot before = cpu == null ? null : cpu.take();
        String out = run(List.of("wrk", "-t" + threads, "-c" + clients, "-d" + duration.toSeconds() + "s", "--timeout", "30s",
                "-s", script.toString(), url));
        CpuMeter.Snapshot after = cpu == null ? null : cpu.take();
        for (String line : out.lines().toList()) {
            if (line.startsWith("VIGIL ")) {
                String[] f = line.split(" ");
                long sent = Long.parseLong(f[1]);
                double seconds = Long.parseLong(f[2]) / 1e6;
                long errors = Long.parseLong(f[5]);
                return new ServingLoad.Result((sent - errors) / seconds, Long.parseLong(f[3]) / 1e3, Long.parseLong(f[4]) / 1e3, errors,
                        after == null ? "" : after.perRequest(before, sent));
            }
        }
        throw new IllegalStateException("wrk printed no summary:\n" + out);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }
}
