package io.vigil.server.serving.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * Which arm of which experiment made a prediction, as its answer says and the prediction log keeps it.
 *
 * @param id         the experiment
 * @param arm        champion or challenger (who answered), or shadow
 * @param assignment {@code sticky}: by the experiment's sticky key, so the same key always meets the
 *                   same arm; {@code random}: the request had no such key, so it was drawn at random
 */
public record ExperimentArm(@JsonProperty("id") UUID id, Arm arm, String assignment) {
    public static final String STICKY = "sticky";
    public static final String RANDOM = "random";
}
