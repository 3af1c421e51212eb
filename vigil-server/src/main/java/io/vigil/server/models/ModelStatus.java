package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a registered model, as a state machine: {@code created → training → trained →
 * validated → deployed → retired}, plus {@code failed} and {@code cancelled} for trainings that did
 * not finish. Any other move is refused (HTTP 409). A deployed model trains and validates new
 * versions while it stays {@code deployed}.
 */
public enum ModelStatus {
    CREATED, TRAINING, TRAINED, VALIDATED, DEPLOYED, RETIRED, FAILED, CANCELLED;

    private static final Map<ModelStatus, Set<ModelStatus>> MOVES = Map.of(
            CREATED, EnumSet.of(TRAINING, RETIRED),
            TRAINING, EnumSet.of(TRAINED, FAILED, CANCELLED),
            // a trained model may be retrained (a new version), validated or retired
            TRAINED, EnumSet.of(TRAINING, VALIDATED, RETIRED),
            VALIDATED, EnumSet.of(TRAINING, VALIDATED, DEPLOYED, RETIRED),
            // a deployed model may deploy another of its versions or roll back; it trains its next version
            // without leaving deployed (TrainingSubmission), so the deployed version keeps serving
            DEPLOYED, EnumSet.of(DEPLOYED, VALIDATED, RETIRED),
            FAILED, EnumSet.of(TRAINING, RETIRED),
            // cancelled goes back to training, or to the state it had before if a version exists
            CANCELLED, EnumSet.of(TRAINING, TRAINED, VALIDATED, RETIRED),
            RETIRED, EnumSet.noneOf(ModelStatus.class));

    public boolean canMoveTo(ModelStatus next) {
        return MOVES.get(this).contains(next);
    }

    public Set<ModelStatus> nextStates() {
        return MOVES.get(this);
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ModelStatus parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
