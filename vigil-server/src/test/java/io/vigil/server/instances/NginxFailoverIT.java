package io.vigil.server.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code deploy/nginx/failover-test.sh}: two Vigil instances (child JVMs) on one PostgreSQL (the
 * test's, used by both as an external database) behind Debian's nginx with the shipped
 * {@code deploy/nginx/vigil.conf}; a model trained and deployed through nginx; predictions driven
 * through it while one instance is killed with {@code kill -9}. No prediction may fail and the
 * survivor must keep serving. Skipped only where nginx is not installed, unless
 * {@code VIGIL_TEST_REQUIRE_NGINX=true} (as {@code .ci/run} sets it, after installing nginx).
 */
class NginxFailoverIT {
    private static final Pattern FIGURES = Pattern.compile("^failover: requests=(\\d+) failed=(\\d+) .*$", Pattern.MULTILINE);

    @Test
    void aKilledInstanceCostsNoPredictionAndTheSurvivorKeepsServing() throws Exception {
        Path nginx = nginx();
        Path root = Path.of("").toAbsolutePath().getParent(); // the module's directory is the working directory
        Path script = root.resolve("deploy/nginx/failover-test.sh");
        assertThat(script).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("VIGIL_DB_URL", TestPostgres.freshDatabaseUrl());
        env.put("VIGIL_DB_USER", TestPostgres.user());
        if (TestPostgres.password() != null) {
            env.put("VIGIL_DB_PASSWORD", TestPostgres.password());
        }
        env.put("NGINX_BIN", nginx.toString());
        // each instance a small JVM: two of them, the test's and PostgreSQL share the machine
        env.put("VIGIL_CMD", String.join(" ", List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "io.vigil.server.Main", "serve")));
        Path output = Files.createTempFile("vigil-failover", ".log");
        Process run = pb.redirectOutput(output.toFile()).start();
        boolean finished = run.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            run.destroy();
            run.waitFor(20, TimeUnit.SECONDS);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(out.lines().filter(l -> l.startsWith("failover")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(finished).as("the script finished within 4 minutes:\n%s", out).isTrue();
        Matcher figures = FIGURES.matcher(out);
        assertThat(figures.find()).as("the script's figures:\n%s", out).isTrue();
        assertThat(Long.parseLong(figures.group(1))).as("predictions driven").isGreaterThan(100);
        assertThat(Long.parseLong(figures.group(2))).as("failed predictions").isZero();
        assertThat(run.exitValue()).as(out).isZero();
    }

    private static Path nginx() throws IOException {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("true".equals(System.getenv("VIGIL_TEST_REQUIRE_NGINX"))) {
            throw new AssertionError("nginx is required (VIGIL_TEST_REQUIRE_NGINX=true) but not installed: apt-get install nginx");
        }
        Assumptions.abort("nginx is not installed (apt-get install nginx); VIGIL_TEST_REQUIRE_NGINX=true makes this a failure");
        return null;
    }
}
