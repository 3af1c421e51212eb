package io.vigil.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.server.auth.Role;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every route of a real server over raw sockets ({@link FuzzCases}), as every kind of caller
 * ({@link FuzzIdentity}: nobody, forged and dead credentials, and a key of each role), and requires:
 * no 5xx, a problem document for every error, an answer within 20 s, the role matrix's answer
 * ({@link AccessRules}: 401 or 403, never a success, to a caller without the route's access), and
 * no change to the database or the blob store by a batch of refused requests ({@link FuzzRun},
 * {@link StoreState}); at the end no job left queued or running and no partial file. In the suite
 * it sends a small slice (1,000 requests); the long run (BENCHMARKS.md, "Fuzzing") is the same class with more:
 *
 * <pre>
 * ./mvnw -B -o -pl vigil-server test -Dtest='HttpFuzzIT#every*' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.requests=100000 -Dfuzz.batch=250 -Dfuzz.threads=4
 * </pre>
 *
 * Options (system properties): {@code fuzz.requests}, {@code fuzz.seed} (case {@code i} of a seed and
 * batch size is always the same request), {@code fuzz.first} (the first case, to replay a range),
 * {@code fuzz.batch} (cases between two comparisons of the store; phases alternate by batch),
 * {@code fuzz.threads}, and {@code fuzz.url} to fuzz a running server instead of starting one (with
 * an admin's API key in {@code fuzz.apiKey}; its store is not compared then, and its forged tokens
 * are signed with a secret not its own). Rate limits are off on the server started here: the run
 * tests handlers and the role matrix, and the limits would answer most of a long run 429. The report
 * (statuses by caller, findings grouped by route and cause, with the first request of each) is
 * printed and written to {@code vigil-server/target/fuzz-report.md}.
 */
class HttpFuzzIT {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final String JWT_SECRET = "fuzz-jwt-secret-" + UUID.randomUUID();

    static TestServer server;

    @BeforeAll
    static void start() {
        if (System.getProperty("fuzz.url") == null) {
            server = TestServer.start(Map.of("VIGIL_BODY_TIMEOUT_SECONDS", "2", "VIGIL_JOB_WORKERS", "1", "VIGIL_MAX_UPLOAD_MB", "32",
                    "VIGIL_RATE_LIMITS_ENABLED", "false", "VIGIL_JWT_SECRET", JWT_SECRET));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The state check is not vacuous: it sees a new row, a changed row and a new blob, and nothing for a refused request. */
    @Test
    void theStoreSnapshotSeesRowsAndBlobsChangeAndNothingForARefusedRequest() throws Exception {
        assumeTrue(server != null, "a server fuzzed by URL: its store is not read");
        try (StoreState state = storeState()) {
            server.http().get("/auth/me"); // the test admin's login (a refresh token row) before the first snapshot
            StoreState.Snapshot start = state.take();
            HttpTestClient analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
            StoreState.Snapshot withKey = state.take();
            assertThat(start.changesTo(withKey)).singleElement().asString().startsWith("table api_keys:");

            assertThat(analyst.upload("/ml/datasets/upload", "f.csv", GeneratedFlows.csv(50, 3), Map.of("name", "refused")).status())
                    .isEqualTo(403);
            assertThat(server.anonymous().postJson("/ml/models", "{}").status()).isEqualTo(401);
            assertThat(withKey.changesTo(state.take())).as("refused requests").isEmpty();

            HttpTestClient.Response uploaded = server.http().upload("/ml/datasets/upload", "f.csv", GeneratedFlows.csv(50, 3),
                    Map.of("name", "snapshot-check"));
            assertThat(uploaded.status()).isEqualTo(201);
            StoreState.Snapshot withDataset = state.take();
            List<String> changes = withKey.changesTo(withDataset);
            assertThat(changes).anyMatch(c -> c.startsWith("table datasets: ")).anyMatch(c -> c.startsWith("file blobs"));

            String keyId = server.http().get("/auth/keys").json().get("items").get(0).get("id").asText();
            assertThat(server.http().delete("/auth/keys/" + keyId).status()).isEqualTo(204);
            assertThat(withDataset.changesTo(state.take())).singleElement().asString()
                    .startsWith("table api_keys:").endsWith("contents changed");
            assertThat(state.leftovers()).isEmpty();
        }
    }

    @Test
    void everyRouteAsEveryCallerAnswersWithoutA5xxAsTheRoleMatrixSaysAndRefusedRequestsChangeNothing() throws Exception {
        int requests = Integer.getInteger("fuzz.requests", 1000);
        int first = Integer.getInteger("fuzz.first", 0);
        long seed = Long.getLong("fuzz.seed", 16);
        int batch = Integer.getInteger("fuzz.batch", 100);
        int threads = Integer.getInteger("fuzz.threads", 4);
        String url = System.getProperty("fuzz.url");
        String base = url != null ? url : "http://127.0.0.1:" + server.port();
        FuzzTarget target = url != null
                ? FuzzTarget.prepare(new HttpTestClient(url).withBearer(System.getProperty("fuzz.apiKey", "")), null)
                : FuzzTarget.prepare(server.http(), JWT_SECRET);
        FuzzReport report = new FuzzReport(new AccessRules(target.routes));
        long begin = System.nanoTime();
        try (StoreState state = url != null ? null : storeState()) {
            FuzzRun run = new FuzzRun(target, new FuzzCases(target, seed, batch), state, threads, batch, ANSWER_WITHIN);
            run.run(first, requests, report);
            run.finish(report);
        }
        String summary = report.summary(base, seed, batch, threads, (System.nanoTime() - begin) / 1_000_000);
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fuzz-report.md"), summary);
        assertThat(report.harnessFailures()).as("cases the fuzzer itself could not make or send").isEmpty();
        assertThat(report.requests()).isEqualTo(requests);
        assertThat(report.findings()).as(summary).isEmpty();
        assertThat(report.stateFindings()).as(summary).isEmpty();
    }

    private static StoreState storeState() throws java.sql.SQLException {
        return new StoreState(server.config().dbUrl(), server.config().dbUser(), server.config().dbPassword(), server.dataDir(),
                server.config().scratchDir());
    }
}
