package io.vigil.server.monitoring.alerts.channels;

import java.util.Map;

/** An alert email's subject and plain-text body. */
final class EmailMessage {
    private EmailMessage() {}

    /** {@code [Vigil] CRITICAL firing: drift-share on kdd-gbm v3}: one line, whatever the names hold. */
    static String subject(Outgoing m) {
        return NoticeText.cut("[Vigil] " + NoticeText.headline(m), 250);
    }

    static String body(Outgoing m) {
        AlertNotice n = m.notice();
        StringBuilder b = new StringBuilder();
        if (m.test()) {
            b.append("This is a test message from Vigil: the channel works. It is about no real alert.\n\n");
        }
        b.append(NoticeText.headline(m)).append("\n\n");
        b.append(n.summary() == null ? "" : n.summary()).append("\n\n");
        line(b, "Rule", NoticeText.text(n.ruleName()) + " (" + NoticeText.text(n.ruleKind()) + ")");
        line(b, "Severity", NoticeText.text(n.severity()));
        line(b, "State", NoticeText.text(n.state()));
        String model = NoticeText.model(n);
        line(b, "Model", model == null ? "(all models)" : model + (n.modelId() == null ? "" : ", id " + n.modelId()));
        line(b, "First seen", String.valueOf(n.firstSeen()));
        line(b, "Last seen", String.valueOf(n.lastSeen()));
        line(b, "Count", Long.toString(n.count()));
        if (!n.details().isEmpty()) {
            b.append("Details:\n");
            for (Map.Entry<String, Object> e : n.details().entrySet()) {
                b.append("  ").append(NoticeText.text(e.getKey())).append(": ").append(e.getValue()).append('\n');
            }
        }
        if (m.link() != null) {
            line(b, "Link", m.link());
        }
        b.append('\n');
        line(b, "Alert", String.valueOf(n.alertId()));
        line(b, "Delivery", m.deliveryId() + " (try " + m.attempt() + ")");
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("%-11s %s%n", name + ":", value));
    }
}
