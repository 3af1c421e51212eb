package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.core.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook's body, version {@value #VERSION} (README, "Alert channels"):
 * <pre>{@code
 * {"type": "vigil.alert", "version": 1, "deliveryId": "...", "test": false,
 *  "alert": {"id": "...", "rule": "...", "kind": "...", "severity": "critical", "state": "firing",
 *            "model": {"id": "...", "name": "...", "version": 3}, "summary": "...", "details": {...},
 *            "firstSeen": "...", "lastSeen": "...", "count": 12, "link": "..."}}
 * }</pre>
 * {@code model} is null for a rule over no model, {@code link} without {@code alerts.publicUrl}.
 * A new field may appear in the same version; a change of meaning is a new version.
 */
final class WebhookPayload {
    static final String TYPE = "vigil.alert";
    static final int VERSION = 1;

    private WebhookPayload() {}

    static byte[] body(Outgoing m) {
        AlertNotice n = m.notice();
        Map<String, Object> model = null;
        if (n.modelId() != null || n.modelName() != null) {
            model = new LinkedHashMap<>();
            model.put("id", n.modelId());
            model.put("name", n.modelName());
            model.put("version", n.version());
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", n.alertId());
        alert.put("rule", n.ruleName());
        alert.put("kind", n.ruleKind());
        alert.put("severity", n.severity());
        alert.put("state", n.state());
        alert.put("model", model);
        alert.put("summary", n.summary());
        alert.put("details", n.details());
        alert.put("firstSeen", n.firstSeen());
        alert.put("lastSeen", n.lastSeen());
        alert.put("count", n.count());
        alert.put("link", m.link());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("version", VERSION);
        body.put("deliveryId", m.deliveryId());
        body.put("test", m.test());
        body.put("alert", alert);
        return Json.bytes(body);
    }
}
