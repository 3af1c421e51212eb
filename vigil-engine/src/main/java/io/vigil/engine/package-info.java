/**
 * The Vigil engine: data, features, algorithms, evaluation, explanation and drift.
 * It knows nothing of HTTP, databases or the server; the server depends on it, never the reverse.
 *
 * <p>Using it as a plain library:
 * <pre>{@code
 * Table train = NslKdd.load("KDDTrain+.txt", true);            // or TableLoader.read(TableReader, types)
 * TrainedModel model = Training.of(train, Algorithms.trainer("gbm"))
 *         .pipeline(PipelineSpec.forTrees("label").withDrop("difficulty").withPositiveClass("attack"))
 *         .params(Map.of("rounds", 100, "max_depth", 6))         // validated: unknown / wrong type / out of range
 *         .seed(42)
 *         .listener(p -> log.info("{}", p.message()))            // progress per round
 *         .cancellation(token)                                    // token.cancel() from another thread
 *         .run();
 * EvaluationReport report = Evaluator.evaluate(model.model(), model.features(test), model.pipeline().labels(test));
 * model = model.withMetrics(report.summary());
 * try (OutputStream out = Files.newOutputStream(path)) { ModelBundle.write(model, out); }
 * TrainedModel loaded;
 * try (InputStream in = Files.newInputStream(path)) { loaded = ModelBundle.read(in); }
 * Prediction p = loaded.predict(Map.of("protocol_type", "tcp", "src_bytes", 491, "service", "ftp_data"));
 * Explanation why = new Explainer(loaded.model(), loaded.pipeline().featureNames())
 *         .explain(loaded.pipeline().encode(Map.of("protocol_type", "tcp")));
 * }</pre>
 *
 * <p>Packages: {@code table} (columnar in-memory table), {@code features} (fitted preprocessing
 * pipeline), {@code algorithms} (trainers, models, hyperparameters, provenance), {@code trees}
 * (flat-array tree evaluator), {@code anomaly} (isolation forest, z-score, IQR, MAD),
 * {@code evaluation} (splits, cross-validation, metrics, search), {@code explain} (TreeSHAP,
 * importance), {@code bundle} (versioned model bundles), {@code datasets} (shared benchmark data).
 */
package io.vigil.engine;
