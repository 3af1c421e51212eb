package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.outbound.OutboundClient;
import io.vigil.server.outbound.OutboundException;
import io.vigil.server.outbound.OutboundRequest;
import io.vigil.server.outbound.OutboundResponse;

/**
 * A JSON POST through the {@link OutboundClient} (the SSRF guard, redirects re-checked, the answer
 * capped): a 2xx is delivered, anything else a {@link DeliveryFailure} naming the target by its
 * origin only (a Slack URL's path is its token).
 */
final class OutboundPost {
    /** How much of a refusing receiver's answer is kept in the delivery's last error. */
    static final int ANSWER_SHOWN = 200;

    private final OutboundClient outbound;

    OutboundPost(OutboundClient outbound) {
        this.outbound = outbound;
    }

    /** Posts and answers the status of a 2xx. */
    int post(OutboundRequest request) {
        OutboundResponse answer;
        try {
            answer = outbound.send(request);
        } catch (OutboundException e) {
            throw new DeliveryFailure(e.getMessage(), null); // its messages name origins, never paths
        }
        if (!answer.successful()) {
            String said = answer.text().strip().replaceAll("\\p{Cntrl}+", " ");
            throw new DeliveryFailure("HTTP " + answer.status() + " from " + answer.target()
                    + (said.isEmpty() ? "" : ": " + NoticeText.cut(said, ANSWER_SHOWN)), answer.status());
        }
        return answer.status();
    }
}
