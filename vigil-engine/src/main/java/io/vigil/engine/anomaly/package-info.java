/**
 * Anomaly detectors: isolation forest and the z-score, IQR and MAD rules, trained on a table; and
 * {@link io.vigil.engine.anomaly.StreamingDetector}s that judge one metric's points as they arrive
 * ({@link io.vigil.engine.anomaly.RollingDeviationDetector}, {@link io.vigil.engine.anomaly.NoveltyDetector}).
 * Scores in [0, 1].
 */
package io.vigil.engine.anomaly;
