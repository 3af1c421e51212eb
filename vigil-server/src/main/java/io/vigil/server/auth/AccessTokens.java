package io.vigil.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.vigil.server.core.VigilException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Short-lived access tokens: JWTs (nimbus-jose-jwt) naming the user by id, signed with
 * {@link TokenKeys}. A token is accepted only with this server's algorithm and a valid signature,
 * type {@code JWT}, this issuer and audience, and {@code exp}, {@code nbf}, {@code iat}, {@code jti}
 * present, with the time (the injected clock, a minute of skew) inside them. A token checked is
 * remembered, by its exact text, for the identity cache's time (its expiry still checked on each
 * use): checking a signature costs about 18 us, a look-up well under one.
 */
final class AccessTokens {
    /** The longest token read: far above any we issue, far below what a header may carry. */
    static final int MAX_LENGTH = 4096;

    /** A token for the client, and when it stops working. */
    record Issued(String token, Instant expiresAt) {}

    private final TokenKeys keys;
    private final AuthSettings settings;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Cache<String, Checked> checked;

    /** A token that passed every check: whose it is and when it stops working. */
    private record Checked(UUID userId, Instant expiresAt) {}

    AccessTokens(TokenKeys keys, AuthSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.checked = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(10_000).build();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(keys.verification());
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(AuthSettings.AUDIENCE),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp", "nbf", "iat", "jti"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        });
    }

    Issued issue(User user) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.tokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(AuthSettings.AUDIENCE)
                .subject(user.id().toString())
                .claim("preferred_username", user.username())
                .claim("role", user.role().wire()) // for the client to read; the server takes the role from the user, now
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(Secrets.randomToken())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(keys.algorithm()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** The user id a valid token names; anything else is a 401 that says no more than whether it expired. */
    UUID verify(String token) {
        if (token.length() > MAX_LENGTH) {
            throw invalid();
        }
        Checked known = checked.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return known.userId();
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            UUID userId = UUID.fromString(claims.getSubject());
            checked.put(token, new Checked(userId, claims.getExpirationTime().toInstant()));
            return userId;
        } catch (ExpiredJWTException e) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED,
                    "the access token has expired: get a new one from POST /auth/refresh or POST /auth/login");
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            throw invalid();
        }
    }

    private static VigilException invalid() {
        return new VigilException(VigilException.Kind.UNAUTHENTICATED, "the access token is not valid");
    }
}
