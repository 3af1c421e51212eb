/**
 * Trainers and models behind one small interface ({@link io.vigil.engine.algorithms.Trainer},
 * {@link io.vigil.engine.algorithms.Model}), validated hyperparameters, progress and cancellation,
 * provenance, and the {@link io.vigil.engine.algorithms.Training} facade from raw table to model.
 */
package io.vigil.engine.algorithms;
