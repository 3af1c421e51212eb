package io.vigil.server.monitoring.alerts.channels;

/**
 * A try that did not deliver: why, in words that name no secret (a target by its scheme, host and
 * port only), and the HTTP status when the receiver answered one.
 */
final class DeliveryFailure extends RuntimeException {
    private final Integer status;

    DeliveryFailure(String message, Integer status) {
        super(message, null, false, false); // expected, and often: no stack trace
        this.status = status;
    }

    Integer status() {
        return status;
    }
}
