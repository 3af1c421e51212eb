package io.vigil.server.outbound;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.VigilException;
import java.util.List;
import java.util.Optional;

/**
 * An outbound call that did not get an answer, in the caller's terms: what went wrong
 * ({@link #reason()}) and with which target ({@link #target()}: scheme, host and port only, never
 * the path or query, which may carry a token). Its {@link VigilException.Kind} follows the reason.
 */
public final class OutboundException extends VigilException {

    /** Why a call got no answer. */
    public enum Reason {
        /** The URL is not an http(s) URL Vigil calls (field {@code url}). */
        INVALID_URL(Kind.INVALID),
        /** The target, or a redirect's, is an internal address not allowed by {@code outbound.allow}. */
        REFUSED_TARGET(Kind.FORBIDDEN),
        /** The host name does not resolve. */
        UNRESOLVABLE(Kind.UNAVAILABLE),
        /** A redirect points at something Vigil does not follow (not http(s), https to http, malformed). */
        BAD_REDIRECT(Kind.UNPROCESSABLE),
        TOO_MANY_REDIRECTS(Kind.UNPROCESSABLE),
        /** Connecting, or the whole call, took longer than allowed. */
        TIMED_OUT(Kind.UNAVAILABLE),
        CONNECTION_FAILED(Kind.UNAVAILABLE),
        /** The TLS handshake failed: an untrusted certificate, or one for another name. */
        TLS_FAILED(Kind.UNAVAILABLE),
        /** The answer's body is larger than {@code outbound.maxResponseKb}. */
        RESPONSE_TOO_LARGE(Kind.TOO_LARGE);

        private final Kind kind;

        Reason(Kind kind) {
            this.kind = kind;
        }
    }

    private final Reason reason;
    private final String target;
    private final String address;
    private final String addressKind;

    OutboundException(Reason reason, String target, String detail) {
        this(reason, target, null, null, detail);
    }

    OutboundException(Reason reason, String target, String address, String addressKind, String detail) {
        super(reason.kind, detail, reason == Reason.INVALID_URL ? List.of(new FieldError("url", detail)) : List.of());
        this.reason = reason;
        this.target = target;
        this.address = address;
        this.addressKind = addressKind;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code scheme://host:port} of the hop that failed, or what could be read of the URL; never a path or query. */
    public String target() {
        return target;
    }

    /** The address refused, for {@link Reason#REFUSED_TARGET}. */
    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    /** What the refused address is: {@code loopback}, {@code link-local}, {@code private}, {@code unspecified}, {@code multicast}, {@code shared}, {@code reserved}. */
    public Optional<String> addressKind() {
        return Optional.ofNullable(addressKind);
    }
}
