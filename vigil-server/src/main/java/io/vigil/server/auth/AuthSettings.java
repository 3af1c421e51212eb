package io.vigil.server.auth;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How identity works on this instance (from {@code VigilConfig}). Its {@link #toString()} masks the secrets.
 *
 * @param adminPassword     the first admin's password (VIGIL_ADMIN_PASSWORD); null: generated and printed once
 * @param jwtSecret         the HS256 secret (VIGIL_JWT_SECRET, at least 32 bytes); null: generated once and kept in
 *                          the database, so every instance on it shares one
 * @param jwtKeyFile        an RSA private key (PKCS#8 PEM): tokens are then RS256; null: HS256
 * @param issuer            the tokens' {@code iss}; a token from another issuer is refused
 * @param tokenTtl          how long an access token lives
 * @param refreshTtl        how long a refresh token lives (each refresh makes a new one)
 * @param cacheTtl          how long a verified API key or a user's role and state is trusted without asking the
 *                          database: the longest a revocation on another instance takes to be seen
 * @param loginMaxFailures  failed logins for one username in {@code loginLockout} before it is refused for the
 *                          rest of that time (for one client address: four times as many)
 * @param loginLockout      the window failures are counted in, and how long a throttled name or address waits
 */
public record AuthSettings(String adminPassword, String jwtSecret, Path jwtKeyFile, String issuer, Duration tokenTtl,
                           Duration refreshTtl, Duration cacheTtl, int loginMaxFailures, Duration loginLockout) {
    /** The audience every token names, and every token must name. */
    public static final String AUDIENCE = "vigil-api";

    /** Defaults for tests and tools: a generated admin password, generated HS256 secret. */
    public static AuthSettings defaults() {
        return new AuthSettings(null, null, null, "vigil", Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofSeconds(5),
                5, Duration.ofMinutes(5));
    }

    @Override
    public String toString() {
        return "AuthSettings[adminPassword=" + (adminPassword == null ? "generated" : "****")
                + ", jwtSecret=" + (jwtSecret == null ? "stored" : "****") + ", jwtKeyFile=" + jwtKeyFile + ", issuer=" + issuer
                + ", tokenTtl=" + tokenTtl + ", refreshTtl=" + refreshTtl + ", cacheTtl=" + cacheTtl
                + ", loginMaxFailures=" + loginMaxFailures + ", loginLockout=" + loginLockout + "]";
    }
}
