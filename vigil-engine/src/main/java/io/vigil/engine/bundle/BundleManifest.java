package io.vigil.engine.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.engine.algorithms.Provenance;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.windows.WindowSpec;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model bundle: self-describing, so a bundle can be inspected
 * without loading the model.
 *
 * @param format         always {@value ModelBundle#FORMAT}
 * @param formatVersion  layout version; readers accept this version and older ones
 * @param inputSchema    the raw fields a record may carry
 * @param featureNames   the encoded features the model sees, in order
 * @param nativeFiles    the algorithm's own model files under {@code native/}, with their hashes
 * @param referenceProfile the member {@code reference-profile.json} (what the training rows looked like, for
 *                       drift), with its hash; null in bundles written without one (before drift profiles)
 * @param windows        the per-entity window features the model reads (format version 2), as
 *                       specified; null for a model without any (and in bundles written before them)
 * @param windowBaselines the member {@code window-baselines.json}, the fitted baselines of its
 *                       residual window features, with its hash; null without any
 */
public record BundleManifest(String format, int formatVersion, String algorithm, String task, List<String> classes,
                             List<InputField> inputSchema, List<String> featureNames, Pipeline pipeline,
                             Map<String, Object> hyperparameters, Map<String, Double> metrics, Provenance provenance,
                             List<NativeFile> nativeFiles, NativeFile referenceProfile,
                             @JsonInclude(JsonInclude.Include.NON_NULL) WindowSpec windows,
                             @JsonInclude(JsonInclude.Include.NON_NULL) NativeFile windowBaselines) {

    /** One member file: name (under {@code native/} for a native file), SHA-256 and size. */
    public record NativeFile(String name, String sha256, long bytes) {
    }
}
