package io.vigil.server.models;

import io.vigil.server.core.VigilException;
import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The one writer of a model's {@link ModelStatus}: each move is checked against the state machine
 * on a row the caller has locked, and watchers hear of it once it commits.
 */
public final class ModelTransitions {
    private final ModelRepository repository;
    private final EventBus events;
    private final Clock clock;

    public ModelTransitions(ModelRepository repository, EventBus events, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    /** Moves the model (its row locked in {@code h}) to {@code next} if the state machine allows it, and tells watchers. */
    void move(Handle h, RegisteredModel m, ModelStatus next) {
        if (!m.status().canMoveTo(next)) {
            throw illegalMove(m, next);
        }
        repository.setStatus(h, m.id(), next, clock.instant());
        Event moved = new Event(Event.MODEL_STATE, m.id(), null, next.label(), null,
                new ModelStateChange(m.id(), m.modelName(), m.status(), next), clock.instant());
        h.afterCommit(() -> events.publish(moved)); // watchers never hear of a move that is rolled back, nor before it is visible
    }

    /** The model's state as a {@code model.state} event, for a client that starts watching it (404 if unknown). */
    public Event currentState(UUID id) {
        RegisteredModel m = repository.get(id);
        return new Event(Event.MODEL_STATE, m.id(), null, m.status().label(), null,
                new ModelState(m.id(), m.modelName(), m.status()), clock.instant());
    }

    static VigilException illegalMove(RegisteredModel m, ModelStatus next) {
        // The one move users try most often: a version is deployed only after it passed validation.
        String hint = m.status() == ModelStatus.TRAINED && next == ModelStatus.DEPLOYED
                ? " (validate it first: POST /ml/models/" + m.id() + "/validate with a test dataset and thresholds)" : "";
        return VigilException.conflict("model " + m.modelName() + " is " + m.status().label() + " and cannot become "
                + next.label() + "; from " + m.status().label() + " it can become " + m.status().nextStates().stream()
                .map(ModelStatus::label).toList() + hint);
    }

    /** The data of a {@code model.state} event sent to a new watcher: where the model stands. */
    public record ModelState(UUID modelId, String modelName, ModelStatus status) {}

    /** The data of a {@code model.state} event for a move. */
    public record ModelStateChange(UUID modelId, String modelName, ModelStatus from, ModelStatus to) {}
}
