package io.vigil.server.detections;

import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.server.auth.Caller;
import io.vigil.server.incidents.FalsePositives;
import io.vigil.server.monitoring.feedback.Feedback;
import io.vigil.server.monitoring.feedback.FeedbackRequest;
import io.vigil.server.securityevents.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incident marked a false positive, given back to monitoring: each of its verdicts by a model
 * is labelled benign (its model's normal class; {@code anomaly: false} for a detector) through the
 * one feedback service, so live accuracy counts the mistakes and retraining's feedback rows learn
 * from them. Verdicts of classifiers without a normal class, rule-only events and external events
 * have nothing to label. A prediction whose record the log left out (sampled under overload) is
 * refused by feedback and not counted.
 */
final class FalsePositiveFeedback implements FalsePositives {
    private static final Logger log = LoggerFactory.getLogger(FalsePositiveFeedback.class);
    static final int BATCH = 500;

    private final Feedback feedback;

    FalsePositiveFeedback(Feedback feedback) {
        this.feedback = feedback;
    }

    @Override
    public int label(List<SecurityEvent> events, Caller by) {
        List<FeedbackRequest.Item> items = new ArrayList<>();
        for (SecurityEvent e : events) {
            if (e.verdict() == null || e.verdict().predictionId() == null || e.verdict().mlScore() == null) {
                continue;
            }
            String id = e.verdict().predictionId().toString();
            if (e.verdict().normalClass() != null) {
                items.add(new FeedbackRequest.Item(id, TextNode.valueOf(e.verdict().normalClass()), null));
            } else {
                items.add(new FeedbackRequest.Item(id, null, false)); // a detector's; a binary classifier without a normal class is refused
            }
        }
        int accepted = 0;
        for (int from = 0; from < items.size(); from += BATCH) {
            var answer = feedback.submit(new FeedbackRequest(null, null, null, items.subList(from, Math.min(items.size(), from + BATCH))), by);
            accepted += answer.accepted();
            if (answer.refused() > 0) {
                log.atInfo().addKeyValue("refused", answer.refused()).log("some false-positive verdicts could not be labelled");
            }
        }
        return accepted;
    }
}
