package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.io.PrintStream;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What identifying a caller costs on the prediction path, in the JVM with the real database: a
 * cached API key (SHA-256 and a cache look-up) and an access token (HMAC check and the cached user).
 * A prediction costs the server about 100 us of CPU (BENCHMARKS.md); the check must be a small part of it.
 */
class CredentialCheckCostTest {
    static Database database;
    static Auth auth;

    @BeforeAll
    static void start() {
        database = Database.start(DatabaseSettings.external(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password()));
        AuthSettings d = AuthSettings.defaults();
        auth = Auth.start(new AuthSettings("cost-admin-password", null, null, d.issuer(), d.tokenTtl(), d.refreshTtl(), d.cacheTtl(),
                d.loginMaxFailures(), d.loginLockout()), database.jdbi(), Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void aCachedKeyAndATokenCostMicroseconds() {
        Caller admin = new Caller(java.util.UUID.randomUUID(), "admin", Role.ADMIN, Caller.Kind.USER);
        String key = auth.keys().create("cost", "service", null, admin).key();
        String token = auth.logins().login("admin", "cost-admin-password", "127.0.0.1").token();
        assertThat(auth.authenticator().identify(key).role()).isEqualTo(Role.SERVICE);
        assertThat(auth.authenticator().identify(token).role()).isEqualTo(Role.ADMIN);
        double keyMicros = micros(key);
        double tokenMicros = micros(token);
        System.out.printf("identifying a caller: by a cached API key %.2f us, by an access token (HS256, checked once, then remembered) %.2f us%n", keyMicros, tokenMicros);
        assertThat(keyMicros).as("a small part of a prediction's ~100 us").isLessThan(20);
        assertThat(tokenMicros).isLessThan(20);
    }

    private static double micros(String credential) {
        Authenticator authenticator = auth.authenticator();
        for (int i = 0; i < 100_000; i++) {
            authenticator.identify(credential); // JIT
        }
        int n = 200_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            authenticator.identify(credential);
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }
}
