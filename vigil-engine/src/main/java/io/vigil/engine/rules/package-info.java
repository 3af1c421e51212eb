/**
 * Fast rules beside a model type's ML model: named thresholds and conditions on raw input fields,
 * declared as JSON ({@link RuleSet#parse}, every problem named by its JSON path), compiled once
 * ({@link CompiledRules}) and evaluated over a flattened record in under a microsecond for 20 rules,
 * without allocating when nothing fires. {@link DualScore} joins their verdict with the ML threat
 * score: the higher threat wins, and a disagreement beyond a margin is a {@link Divergence}.
 */
package io.vigil.engine.rules;
