/** Anomaly detectors: isolation forest and the z-score, IQR and MAD rules; scores in [0, 1]. */
package io.vigil.engine.anomaly;
