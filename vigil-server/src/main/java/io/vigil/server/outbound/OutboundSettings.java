package io.vigil.server.outbound;

import java.time.Duration;

/**
 * How the outbound client behaves ({@code outbound.*} in the configuration).
 *
 * @param allow            internal targets it may reach; everything internal else is refused
 * @param connectTimeout   how long one connection may take to open (TLS handshake included)
 * @param timeout          how long a whole call may take, redirects and reading the answer included
 * @param maxRedirects     redirects followed, each re-checked; one more is an error
 * @param maxResponseBytes the largest answer body read; a larger one is an error, not cut short
 */
public record OutboundSettings(OutboundAllowlist allow, Duration connectTimeout, Duration timeout, int maxRedirects, long maxResponseBytes) {
    /** The built-in defaults: nothing internal, 5 s to connect, 15 s in all, 3 redirects, 1 MiB. */
    public static final OutboundSettings DEFAULTS = new OutboundSettings(OutboundAllowlist.NONE, Duration.ofSeconds(5), Duration.ofSeconds(15), 3,
            1L << 20);

    public OutboundSettings {
        if (allow == null || connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()
                || maxRedirects < 0 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("invalid outbound settings");
        }
    }

    public OutboundSettings withAllow(OutboundAllowlist value) {
        return new OutboundSettings(value, connectTimeout, timeout, maxRedirects, maxResponseBytes);
    }

    public OutboundSettings withTimeouts(Duration connect, Duration total) {
        return new OutboundSettings(allow, connect, total, maxRedirects, maxResponseBytes);
    }

    public OutboundSettings withMaxRedirects(int value) {
        return new OutboundSettings(allow, connectTimeout, timeout, value, maxResponseBytes);
    }

    public OutboundSettings withMaxResponseBytes(long value) {
        return new OutboundSettings(allow, connectTimeout, timeout, maxRedirects, value);
    }
}
