package io.vigil.server.monitoring.alerts.channels;

import java.util.UUID;

/**
 * One message to send: the notice, the delivery it belongs to (the receiver's key to drop repeats)
 * and which try this is.
 *
 * @param link the alert in Vigil ({@code alerts.publicUrl}), or null
 * @param test a test message ({@code POST /ml/alerts/channels/{id}/test}), not a real alert
 */
record Outgoing(UUID deliveryId, AlertNotice notice, int attempt, String link, boolean test) {}
