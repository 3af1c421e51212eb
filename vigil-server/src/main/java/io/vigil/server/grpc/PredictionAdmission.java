package io.vigil.server.grpc;

import io.grpc.Status;
import io.vigil.server.auth.Caller;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.limits.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's prediction rate limits applied to gRPC: each prediction (a {@code ModelInfer}
 * call, an event of a {@code Predict} stream) takes a token from the predictions bucket of the
 * client's address and of the caller, the same buckets REST requests take from.
 */
final class PredictionAdmission {
    private static final Logger log = LoggerFactory.getLogger(PredictionAdmission.class);
    private final RateLimiter limiter;

    PredictionAdmission(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Null when the prediction may go ahead, else the RESOURCE_EXHAUSTED status that refuses it. */
    Status refusal(String address, Caller caller) {
        RateLimiter.Outcome byAddress = limiter.takeForAddress(RouteGroup.PREDICTIONS, address);
        if (!byAddress.allowed()) {
            return refused(byAddress, "from this address", "address", address);
        }
        RateLimiter.Outcome byCaller = limiter.takeForCaller(RouteGroup.PREDICTIONS, caller.id());
        return byCaller.allowed() ? null : refused(byCaller, "by " + caller.name(), "caller", caller.name());
    }

    private static Status refused(RateLimiter.Outcome outcome, String whose, String key, String who) {
        (outcome.first() ? log.atInfo() : log.atDebug()).addKeyValue("group", RouteGroup.PREDICTIONS.wire()).addKeyValue(key, who)
                .addKeyValue("limitPerMinute", outcome.limitPerMinute()).addKeyValue("protocol", "grpc").log("rate limited");
        return Status.RESOURCE_EXHAUSTED.withDescription("too many predictions " + whose + ": at most " + outcome.limitPerMinute()
                + " a minute; try again in " + outcome.retryAfterSeconds() + " s");
    }
}
