package io.vigil.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A rate limit changed through {@code PUT /ml/config/rateLimits} while a client calls in a loop: no
 * request fails other than by the 429s the new limit implies (a fresh bucket of the new size, then
 * one more a second), and none before the change; raised again, the client is served at once.
 */
class LiveRateLimitIT {
    private static final String LIMITS = """
            {"enabled": true, "login": {"perIdentity": 0, "perAddress": 60}, "uploads": {"perIdentity": 60, "perAddress": 120},
             "predictions": {"perIdentity": 1200000, "perAddress": 1200000}, "other": {"perIdentity": %d, "perAddress": 12000}}""";

    /** One request of the loop: when it was sent and answered (nanoTime), and how. */
    record Call(long sent, long answered, int status, String retryAfter) {}

    @Test
    void aLimitChangedWhileAClientCallsInALoopRefusesOnlyWhatTheNewLimitImplies() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpTestClient analyst = server.as(Role.ANALYST);
            assertThat(analyst.get("/ml/models").status()).isEqualTo(200);
            List<Call> calls = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loop = new Thread(() -> {
                while (running.get()) {
                    long sent = System.nanoTime();
                    Response r = analyst.get("/ml/models");
                    synchronized (calls) {
                        calls.add(new Call(sent, System.nanoTime(), r.status(), r.header("Retry-After")));
                    }
                }
            });
            loop.start();
            Thread.sleep(500);

            long changeSent = System.nanoTime();
            Response change = put(server, 60);
            long changeAnswered = System.nanoTime();
            assertThat(change.status()).as(change.toString()).isEqualTo(200);
            Thread.sleep(2_000);
            long secondChangeSent = System.nanoTime();
            assertThat(put(server, 6_000).status()).isEqualTo(200);
            long secondChangeAnswered = System.nanoTime();
            Thread.sleep(300);
            running.set(false);
            loop.join();

            List<Call> all;
            synchronized (calls) {
                all = List.copyOf(calls);
            }
            assertThat(all).allSatisfy(c -> assertThat(c.status()).isIn(200, 429));
            List<Call> before = all.stream().filter(c -> c.answered() < changeSent).toList();
            List<Call> under = all.stream().filter(c -> c.sent() > changeAnswered && c.answered() < secondChangeSent).toList();
            List<Call> after = all.stream().filter(c -> c.sent() > secondChangeAnswered).toList();
            assertThat(before).as("calls before the change").hasSizeGreaterThan(20).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            long allowed = under.stream().filter(c -> c.status() == 200).count();
            double seconds = (secondChangeSent - changeAnswered) / 1e9;
            // a full bucket of 60, one more a second; a call in flight across the change may have taken one of them
            assertThat(allowed).as("calls allowed in %.1f s under 60 a minute, of %d", seconds, under.size())
                    .isBetween(59L, 60L + (long) Math.ceil(seconds) + 1);
            assertThat(under.stream().filter(c -> c.status() == 429)).isNotEmpty()
                    .allSatisfy(c -> assertThat(Integer.parseInt(c.retryAfter())).isBetween(1, 2));
            assertThat(after).as("calls after the limit was raised again").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            System.out.printf("rate limit changed live: %d calls before, %d allowed and %d refused under 60/min in %.1f s, %d after%n",
                    before.size(), allowed, under.size() - allowed, seconds, after.size());
        }
    }

    private static Response put(TestServer server, int otherPerIdentity) {
        return server.http().send("PUT", "/ml/config/rateLimits", "application/json",
                LIMITS.formatted(otherPerIdentity).getBytes(StandardCharsets.UTF_8));
    }
}
