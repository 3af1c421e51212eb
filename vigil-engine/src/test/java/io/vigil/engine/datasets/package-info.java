/**
 * Loaders for the shared public benchmark datasets (NSL-KDD; NAB in {@code nab}) under {@code ../shared/datasets}, for
 * tests and benchmarks. They live in the engine's test tree and ship in its test jar
 * ({@code <type>test-jar</type>}), which the neural and server tests and vigil-bench depend on:
 * nothing here reaches a runnable jar.
 */
package io.vigil.engine.datasets;
