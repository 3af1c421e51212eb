/** Versioned, self-describing model bundles (zip streams: manifest.json plus native model files). */
package io.vigil.engine.bundle;
