package io.vigil.server.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data (addresses, user names, e-mail) replaced by keyed tokens: {@code anon-} and 20 hex
 * digits of HMAC-SHA256 under the configured key. The same value gives the same token in every
 * column, download and log line (a host keeps one identity, so models still learn per-host
 * patterns), and without the key a token can't be traced back, even by trying every IPv4 address.
 * Which fields are personal is decided by name, case-insensitively.
 */
public final class Pseudonyms {
    public static final String PREFIX = "anon-";
    private static final int TOKEN_BYTES = 10;

    private final SecretKeySpec key;
    private final Set<String> personalFields;

    public Pseudonyms(byte[] key, List<String> personalFields) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.personalFields = personalFields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a field or column of this name holds personal data. */
    public boolean isPersonal(String field) {
        return field != null && personalFields.contains(field.toLowerCase(Locale.ROOT));
    }

    public Set<String> personalFields() {
        return personalFields;
    }

    /** The token of a value; null and empty values stay as they are (a missing value is no identity). */
    public String token(String value) {
        if (value == null || value.isEmpty() || value.startsWith(PREFIX)) {
            return value; // already a token: pseudonymising twice changes nothing
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
