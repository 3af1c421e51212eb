/**
 * Drift: what the training rows looked like ({@link io.vigil.engine.drift.ReferenceProfile}, kept in
 * the bundle) and how far a window of live traffic has moved from it
 * ({@link io.vigil.engine.drift.DriftDetector}): per input Kolmogorov-Smirnov, chi-square,
 * Jensen-Shannon, PSI or Wasserstein, the share of drifted inputs, and the predictions' drift.
 */
package io.vigil.engine.drift;
