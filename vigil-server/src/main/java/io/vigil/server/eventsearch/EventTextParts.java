package io.vigil.server.eventsearch;

import java.util.List;

/**
 * What an event's text is made of ({@link EventText#render}); every part may be null or empty and is then left out.
 *
 * @param kind            prediction, rule, anomaly, alert or external
 * @param title           the event's title
 * @param sourceHost      entity: the source host
 * @param destinationHost entity: the destination host
 * @param assetId         entity: the asset
 * @param userName        entity: the user
 * @param modelType       the model type, if a model judged it
 * @param verdictLabel    the ML verdict's label (for example {@code attack}, {@code normal}, {@code neptune})
 * @param mlScore         the ML threat score in [0, 1], or null
 * @param ruleScore       the rules' threat score in [0, 1], or null
 * @param finalScore      the final threat score (maximum threat wins), or null
 * @param severity        info, warning or critical
 * @param divergent       whether rules and ML disagreed
 * @param rulesFired      the names of the rules that fired
 * @param topFeatures     the top contributing features, largest first
 * @param notes           analyst notes, oldest first
 */
public record EventTextParts(String kind, String title, String sourceHost, String destinationHost, String assetId, String userName,
                             String modelType, String verdictLabel, Double mlScore, Double ruleScore, Double finalScore, String severity,
                             boolean divergent, List<String> rulesFired, List<Contribution> topFeatures, List<String> notes) {

    /** One contributing feature: its name, the event's value of it, and its contribution to the score (signed). */
    public record Contribution(String feature, Object value, double contribution) {}
}
