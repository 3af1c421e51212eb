package io.vigil.server.incidents;

import io.vigil.server.auth.Caller;
import io.vigil.server.securityevents.SecurityEvent;
import java.util.List;

/**
 * Where an incident marked a false positive sends its verdicts as labels: each prediction event's
 * prediction gets its model's normal class as feedback, so live accuracy counts the mistake and
 * retraining learns from it. The wiring implements it with monitoring's feedback.
 */
@FunctionalInterface
public interface FalsePositives {
    FalsePositives NONE = (events, by) -> 0;

    /** Labels the predictions of {@code events} as normal; answers how many it labelled. */
    int label(List<SecurityEvent> events, Caller by);
}
