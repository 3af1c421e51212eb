package io.vigil.engine.algorithms;

import io.vigil.engine.features.PipelineSpec;
import java.util.List;
import java.util.Map;

/**
 * Trains one algorithm. A trainer is stateless: hyperparameters come with each call, so one
 * instance serves every training job.
 */
public interface Trainer {

    /** Registered name, e.g. {@code gbm}; stored in provenance and used to load bundles. */
    String algorithm();

    Task task();

    /** The hyperparameters this algorithm accepts, with defaults and ranges. */
    List<ParamSpec> parameters();

    /**
     * The feature pipeline this algorithm works with when the caller does not choose one (the
     * service): detectors and trees by default; algorithms that need scaled features override it.
     */
    default PipelineSpec defaultPipeline(String target) {
        return task() == Task.ANOMALY_DETECTION ? PipelineSpec.forDetectors(target) : PipelineSpec.forTrees(target);
    }

    /** {@code raw} with every alias replaced by the parameter's own name ({@link Hyperparameters#canonical}). */
    default Map<String, Object> canonical(Map<String, ?> raw) {
        return Hyperparameters.canonical(algorithm(), parameters(), raw);
    }

    /** Validates raw hyperparameters (unknown name, wrong type, out of range all throw); aliases are accepted. */
    default Hyperparameters validate(Map<String, ?> raw) {
        return Hyperparameters.validate(algorithm(), parameters(), raw);
    }

    /** Trains a model; reports progress and honours cancellation through {@code context}. */
    Model train(TrainingData data, Hyperparameters params, TrainingContext context);

    /** Rebuilds a model from the files {@link Model#nativeFiles()} wrote. */
    Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params);

    /** Versions of the libraries this algorithm runs on, for provenance. */
    Map<String, String> libraryVersions();
}
