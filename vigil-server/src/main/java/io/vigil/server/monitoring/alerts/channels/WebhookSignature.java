package io.vigil.server.monitoring.alerts.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook's message is signed: HMAC-SHA256 (the JDK's {@link Mac}) keyed with the channel's
 * secret (its UTF-8 bytes), over the timestamp header's value, a dot, and the exact body bytes:
 * {@code X-Vigil-Signature: sha256=<hex>}. The timestamp in the signed text lets a receiver refuse
 * a replayed message (older than five minutes), and {@code X-Vigil-Delivery} lets it drop a repeat.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
    public static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    public static final String DELIVERY_HEADER = "X-Vigil-Delivery";
    public static final String ATTEMPT_HEADER = "X-Vigil-Attempt";
    static final String SCHEME = "sha256=";

    private WebhookSignature() {}

    /** {@code sha256=<hex>} of {@code timestamp + "." + body} keyed with {@code secret}. */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java", e);
        }
    }
}
