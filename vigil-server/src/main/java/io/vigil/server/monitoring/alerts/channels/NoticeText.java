package io.vigil.server.monitoring.alerts.channels;

import java.util.Locale;

/** The words every message format shares: a headline and the model as a person reads them. */
final class NoticeText {
    private NoticeText() {}

    /** {@code CRITICAL firing: drift-share on kdd-gbm v3} (a test message says so first). */
    static String headline(Outgoing m) {
        AlertNotice n = m.notice();
        String model = model(n);
        return (m.test() ? "TEST " : "") + upper(n.severity()) + " " + text(n.state()) + ": " + text(n.ruleName())
                + (model == null ? "" : " on " + model);
    }

    /** {@code kdd-gbm v3}, or null for a rule over no model. */
    static String model(AlertNotice n) {
        if (n.modelName() == null && n.modelId() == null) {
            return null;
        }
        String name = n.modelName() != null ? n.modelName() : n.modelId().toString();
        return n.version() == null ? name : name + " v" + n.version();
    }

    static String upper(String s) {
        return text(s).toUpperCase(Locale.ROOT);
    }

    /** The text, or a dash for none; control characters (a line break in a header) become spaces. */
    static String text(String s) {
        return s == null || s.isBlank() ? "-" : s.replaceAll("\\p{Cntrl}", " ");
    }

    /** At most {@code max} characters, an ellipsis marking a cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
