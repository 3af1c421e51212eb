/** Loaders for the shared public benchmark datasets (NSL-KDD), used by tests and benchmarks. */
package io.vigil.engine.datasets;
