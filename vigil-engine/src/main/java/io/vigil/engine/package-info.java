/**
 * The Vigil engine: data, features, algorithms, evaluation, explanation and drift.
 * It knows nothing of HTTP, databases or the server; the server depends on it, never the reverse.
 *
 * <p>Using it as a plain library:
 * <pre>{@code
 * Table train = TableLoader.read(TableReader.open(in, options, "train.csv"), types);
 * TrainedModel model = Training.of(train, Algorithms.trainer("gbm"))
 *         .pipeline(PipelineSpec.forTrees("label").withDrop("difficulty").withPositiveClass("attack"))
 *         .params(Map.of("rounds", 100, "max_depth", 6))         // validated: unknown / wrong type / out of range
 *         .seed(42)
 *         .clock(clock)                                           // what the provenance calls "now"
 *         .listener(p -> log.info("{}", p.message()))            // progress per round
 *         .cancellation(token)                                    // token.cancel() from another thread
 *         .run();
 * EvaluationReport report = Evaluator.evaluate(model.model(), model.features(test), model.pipeline().labels(test));
 * model = model.withMetrics(report.summary());
 * try (OutputStream out = Files.newOutputStream(path)) { ModelBundle.write(model, out); }
 * TrainedModel loaded;
 * try (InputStream in = Files.newInputStream(path)) { loaded = ModelBundle.read(in); }
 * Prediction p = loaded.predict(Map.of("protocol_type", "tcp", "src_bytes", 491, "service", "ftp_data"));
 * ScoredRows rows = Scorer.score(loaded.model(), loaded.features(test));   // labels, confidences, probabilities, anomaly scores
 * Explanation why = Explainer.of(loaded).explain(loaded.pipeline().encode(Map.of("protocol_type", "tcp")));
 * ReferenceProfile profile = ReferenceProfiler.profile(model, train, 42);  // written with ModelBundle.write(model, profile, out)
 * DriftReport drift = DriftDetector.detect(profile, DriftSettings.DEFAULTS, liveWindow);
 * WindowFeatures windows = WindowFeatures.fit(windowSpec, events);        // per-entity rolling features, spec checked
 * TrainedModel onEvents = Training.of(windows.transform(events), trainer).windows(windows).pipeline(spec).run();
 * double[] now = onEvents.windows().online(100_000).update(Map.of("host", "10.0.0.5", "ts", 1709287260L, "bytes", 512));
 * CompiledRules rules = RuleSet.parse(rulesJson).compile();                // every bad field named by its JSON path
 * DualScore dual = DualScore.of(mlThreat, rules, record, 0.5, 0.2);         // max threat wins; rules_only / ml_only divergence
 * }</pre>
 *
 * <p>Packages, each depending only on those listed before it: {@code capture} (packet captures
 * to flows), {@code data} (reading, captures as tables of flows, and profiling), {@code table}
 * (columnar in-memory table), {@code features} (fitted preprocessing pipeline), {@code windows}
 * (per-entity window features of event tables, offline and online), {@code trees} (flat-array tree
 * evaluator), {@code algorithms} (the core: trainer and
 * model interfaces, hyperparameters, provenance, the registry, scoring), {@code evaluation}
 * (splits, cross-validation, metrics, search), {@code classifiers} (gradient boosting, random
 * forest, logistic regression), {@code anomaly} (isolation forest, z-score, IQR, MAD),
 * {@code explain} (TreeSHAP, importance), {@code drift} (reference profiles of the training rows and
 * their comparison with live traffic: KS, chi-square, Jensen-Shannon, PSI, Wasserstein),
 * {@code bundle} (versioned model bundles), {@code rules} (a model type's fast rules beside its ML
 * model: parsed with every problem named, compiled once, and the dual score).
 * {@code EngineLayeringTest} keeps it so.
 */
package io.vigil.engine;
