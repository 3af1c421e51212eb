package io.vigil.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vigil in a child JVM (for heap caps and {@code kill -9}), on a free port, its output in
 * {@code <dataDir>/server.log}.
 */
public final class ChildServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final HttpTestClient http;

    private ChildServer(Process process, Path log, int port, String adminPassword) {
        this.process = process;
        this.log = log;
        String base = "http://127.0.0.1:" + port;
        this.http = new HttpTestClient(base).as("Authorization", new TestLogin(base, io.vigil.server.auth.Users.FIRST_ADMIN, adminPassword));
    }

    /** Starts {@code io.vigil.server.Main serve} with these JVM options and {@code VIGIL_*} settings, and waits for /ready. */
    public static ChildServer start(Path dataDir, List<String> jvmOptions, Map<String, String> env) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.vigil.server.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("VIGIL_PORT", Integer.toString(port));
        pb.environment().put("VIGIL_DATA_DIR", dataDir.resolve("data").toString());
        pb.environment().put("VIGIL_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        pb.environment().putAll(env);
        ChildServer server = new ChildServer(pb.start(), log, port, pb.environment().get("VIGIL_ADMIN_PASSWORD"));
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    /** The test database settings for a child that should share {@code url} with the test. */
    public static Map<String, String> database(String url) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("VIGIL_DB_URL", url, "VIGIL_DB_USER", TestPostgres.user()));
        if (TestPostgres.password() != null) {
            env.put("VIGIL_DB_PASSWORD", TestPostgres.password());
        }
        return env;
    }

    /** A client acting as the first admin ({@code VIGIL_ADMIN_PASSWORD}, {@link TestServer#ADMIN_PASSWORD} unless given). */
    public HttpTestClient http() {
        return http;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** {@code kill -9}: no shutdown hook, no cleanup, exactly like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited: " + log());
            }
            try {
                if (http.get("/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready in " + timeout + ": " + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
