/**
 * Outbound calls that users configure (alert webhooks): {@link io.vigil.server.outbound.OutboundClient},
 * the one HTTP client that cannot be turned against the inside (SSRF). No HTTP-server types here.
 */
package io.vigil.server.outbound;
