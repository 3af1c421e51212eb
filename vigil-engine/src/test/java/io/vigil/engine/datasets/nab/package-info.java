/**
 * The Numenta Anomaly Benchmark under {@code ../shared/datasets/nab}: its 58 labelled series
 * ({@link NabCorpus}) and its scoring ({@link NabScorer}: windows, the scaled sigmoid, the three
 * cost profiles of {@link NabProfile}, the corpus-wide threshold and the normalisation between the
 * null and the perfect detector), reimplemented from NAB's {@code nab/sweeper.py},
 * {@code nab/optimizer.py}, {@code nab/runner.py} and {@code config/profiles.json}. In the engine's
 * test jar so that engine tests and vigil-bench's {@code NabReport} score detectors the same way.
 */
package io.vigil.engine.datasets.nab;
