/**
 * The core every algorithm builds on, knowing none of them: {@link io.vigil.engine.algorithms.Trainer}
 * and {@link io.vigil.engine.algorithms.Model}, validated hyperparameters, progress and
 * cancellation, provenance, the {@link io.vigil.engine.algorithms.Algorithms} registry that
 * {@link io.vigil.engine.algorithms.AlgorithmProvider}s fill, the
 * {@link io.vigil.engine.algorithms.Training} facade from raw table to model, and the
 * {@link io.vigil.engine.algorithms.Scorer} every caller scores rows with.
 */
package io.vigil.engine.algorithms;
