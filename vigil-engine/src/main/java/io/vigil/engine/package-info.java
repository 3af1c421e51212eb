/**
 * The Vigil engine: data, features, algorithms, evaluation, explanation and drift.
 * It knows nothing of HTTP, databases or the server; the server depends on it, never the reverse.
 */
package io.vigil.engine;
