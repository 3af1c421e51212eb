package io.vigil.engine.algorithms;

import io.vigil.engine.features.PipelineSpec;
import java.util.List;

/**
 * Another engine a training can run on (e.g. Apache Spark, in the optional {@code vigil-spark}
 * module), so a caller hands a training over without depending on it. It trains on the rows at a
 * location, encoded by the caller's fitted pipeline, and returns a normal {@link TrainedModel}: the
 * same bundle, scored by the same pure-Java code as one trained in process. Implementations are
 * listed in {@code META-INF/services/io.vigil.engine.algorithms.TrainingBackend} and found by
 * {@link TrainingBackends}; they must be cheap to construct (open connections on first use), and
 * live as long as the process.
 */
public interface TrainingBackend {

    /** The name a training asks for, e.g. {@code spark}. */
    String name();

    /** Where its trainings run, for the record: e.g. {@code local[2]} or {@code spark://host:7077}. */
    String location();

    /**
     * What stops {@code algorithm} with these hyperparameters from training here (an algorithm it does not have,
     * a hyperparameter it cannot honour), each a sentence; empty when it can.
     */
    List<String> problems(String algorithm, Hyperparameters params);

    /** The pipeline the caller fits for it, from the engine's default (e.g. imputed, when it cannot route missing values). */
    default PipelineSpec pipeline(PipelineSpec engineDefault) {
        return engineDefault;
    }

    /**
     * Trains; reports progress and honours cancellation through the request's context
     * ({@link TrainingCancelledException}). Progress may be reported from a thread of the backend's while
     * the calling thread waits on the remote engine, so the listener must be thread-safe; it is also
     * called regularly when nothing moved, so a listener that cancels the token on its caller's behalf
     * is heard. A problem only the data shows (say, too many classes) is an {@link IllegalArgumentException}
     * naming it.
     */
    TrainedModel train(RemoteTraining request);
}
