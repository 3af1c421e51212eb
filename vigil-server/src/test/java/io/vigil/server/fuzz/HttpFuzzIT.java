package io.vigil.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every route of a real server over raw sockets (see {@link FuzzCases}) and requires no 5xx
 * and a problem document for every error. In the suite it sends a small slice (400 requests); the
 * full run is the same class with more:
 *
 * <pre>
 * ./mvnw -B -pl vigil-server test -Dtest=HttpFuzzIT -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.requests=20000
 * </pre>
 *
 * Options (system properties): {@code fuzz.requests}, {@code fuzz.seed} (case {@code i} of a seed is
 * always the same request), {@code fuzz.first} (the first case, to replay a range), {@code fuzz.threads},
 * and {@code fuzz.url} to fuzz a running server instead of starting one (with an admin's API key in
 * {@code fuzz.apiKey}). Every request carries an admin key: it tests what handlers do, not who may call them. The report (statuses,
 * findings grouped by route and cause, with the first request of each) is printed and written to
 * {@code vigil-server/target/fuzz-report.md}.
 */
class HttpFuzzIT {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    @Test
    void everyRouteAnswersFuzzedRequestsWithoutA5xxAndEveryErrorIsAProblemDocument() throws Exception {
        int requests = Integer.getInteger("fuzz.requests", 400);
        int first = Integer.getInteger("fuzz.first", 0);
        long seed = Long.getLong("fuzz.seed", 16);
        int threads = Integer.getInteger("fuzz.threads", 4);
        String url = System.getProperty("fuzz.url");
        // the handlers are fuzzed, not the rate limits: they would answer most of a long run 429
        TestServer server = url == null ? TestServer.start(Map.of("VIGIL_BODY_TIMEOUT_SECONDS", "2", "VIGIL_JOB_WORKERS", "1",
                "VIGIL_MAX_UPLOAD_MB", "32", "VIGIL_RATE_LIMITS_ENABLED", "false")) : null;
        try {
            String base = url != null ? url : "http://127.0.0.1:" + server.port();
            // a running server: an admin's API key in fuzz.apiKey
            FuzzTarget target = FuzzTarget.prepare(url != null
                    ? new io.vigil.server.testing.HttpTestClient(url).withBearer(System.getProperty("fuzz.apiKey", "")) : server.http());
            FuzzCases cases = new FuzzCases(target, seed);
            FuzzReport report = new FuzzReport();
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger(first);
            java.util.List<String> harnessFailures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < first + requests; i = next.getAndIncrement()) {
                        try {
                            FuzzCases.FuzzCase c = cases.next(i);
                            report.add(c, RawHttp.exchange(target.host, target.port, c.request(), ANSWER_WITHIN, c.halfClose()));
                        } catch (RuntimeException e) {
                            harnessFailures.add("case #" + i + ": " + e);
                        }
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.HOURS)).isTrue();
            String summary = report.summary(base, seed, (System.nanoTime() - start) / 1_000_000);
            System.out.println(summary);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-report.md"), summary);
            assertThat(harnessFailures).as("cases the fuzzer itself could not make").isEmpty();
            assertThat(report.requests()).isEqualTo(requests);
            assertThat(report.findings()).as(summary).isEmpty();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
