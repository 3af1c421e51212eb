package io.vigil.engine.algorithms;

/** Receives progress while a model trains; called on the training thread, so keep it quick. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = progress -> { };

    void onProgress(TrainingProgress progress);
}
