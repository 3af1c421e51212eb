package io.vigil.server.monitoring.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /ml/feedback}: one prediction's true label ({@code predictionId} with
 * {@code actualLabel}, or for a detector {@code anomaly}), or a batch of them in {@code items}.
 * Ids and labels are read item by item, so one bad item is refused in its place, not the batch.
 */
public record FeedbackRequest(String predictionId, JsonNode actualLabel, Boolean anomaly, List<Item> items) {
    /** One prediction's true label: {@code actualLabel} a class (text, or a number or boolean written as one), or {@code anomaly}. */
    public record Item(String predictionId, JsonNode actualLabel, Boolean anomaly) {}

    /** Whether the body is the one-prediction form. */
    boolean single() {
        return items == null;
    }

    /** The items, the one-prediction form as one. */
    List<Item> all() {
        return items != null ? items : List.of(new Item(predictionId, actualLabel, anomaly));
    }
}
