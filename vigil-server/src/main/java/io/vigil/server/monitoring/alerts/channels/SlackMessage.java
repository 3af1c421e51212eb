package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming-webhook message: {@code text} (the notification's line, and what clients without
 * blocks show) and {@code blocks}: a header, the summary, severity, model, rule and count as fields,
 * when it was seen, and a button to the alert when {@code alerts.publicUrl} is set. Text in
 * {@code mrkdwn} is escaped ({@code &}, {@code <}, {@code >}), so a name cannot make a link or a mention.
 */
final class SlackMessage {
    /** Slack's limits: a header's text, a section's text. */
    static final int HEADER_LENGTH = 150;
    static final int SECTION_LENGTH = 3000;

    private SlackMessage() {}

    static byte[] body(Outgoing m) {
        AlertNotice n = m.notice();
        String headline = NoticeText.headline(m);
        String model = NoticeText.model(n);
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", plain(NoticeText.cut(headline, HEADER_LENGTH))));
        blocks.add(Map.of("type", "section", "text", markdown(NoticeText.cut(escape(NoticeText.text(n.summary())), SECTION_LENGTH))));
        blocks.add(Map.of("type", "section", "fields", List.of(
                markdown("*Severity*\n" + escape(NoticeText.text(n.severity()))),
                markdown("*Model*\n" + escape(model == null ? "(all models)" : model)),
                markdown("*Rule*\n" + escape(NoticeText.text(n.ruleName())) + " (" + escape(NoticeText.text(n.ruleKind())) + ")"),
                markdown("*Count*\n" + n.count()))));
        blocks.add(Map.of("type", "context", "elements", List.of(markdown("First seen " + n.firstSeen() + " · last seen " + n.lastSeen()
                + " · state " + escape(NoticeText.text(n.state())) + " · alert " + n.alertId()))));
        if (m.link() != null) {
            blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "text", plain("Open in Vigil"),
                    "url", m.link()))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", escape(headline + ": " + NoticeText.text(n.summary())));
        body.put("blocks", blocks);
        return Json.bytes(body);
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text);
    }

    private static Map<String, Object> markdown(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    /** Slack's three control characters in message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
