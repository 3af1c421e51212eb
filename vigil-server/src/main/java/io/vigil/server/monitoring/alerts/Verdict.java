package io.vigil.server.monitoring.alerts;

import java.util.Map;

/**
 * What a rule found for one model in one round: its condition holds ({@code FIRING}), does not
 * ({@code CLEAR}: an open alert resolves), or cannot be judged ({@code UNKNOWN}: too little data;
 * an open alert stays as it is).
 *
 * @param text     what was seen, in words: an alert's summary, or why it resolved or is unknown
 * @param observed the figure and its threshold, and what else the rule's kind reports
 */
record Verdict(Outcome outcome, String text, Map<String, Object> observed) {
    enum Outcome { FIRING, CLEAR, UNKNOWN }

    static Verdict unknown(String why) {
        return new Verdict(Outcome.UNKNOWN, why, Map.of());
    }

    static Verdict of(boolean firing, String text, Map<String, Object> observed) {
        return new Verdict(firing ? Outcome.FIRING : Outcome.CLEAR, text, observed);
    }
}
