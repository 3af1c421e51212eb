package io.vigil.server.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.onnx.InvalidOnnxException;
import io.vigil.engine.onnx.OnnxBinding;
import io.vigil.engine.onnx.OnnxExport;
import io.vigil.engine.onnx.OnnxExportException;
import io.vigil.engine.onnx.OnnxImport;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.storage.BlobInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions as ONNX files, both ways. Export: a version's classifier with its fitted pipeline as
 * one ONNX graph (the engine's {@code OnnxExport}), or an imported version's own file. Import: a
 * graph trained elsewhere, with the description of its inputs, checked and loaded by the engine's
 * {@code OnnxImport}, stored as a bundle like a training's and recorded as a new {@code trained}
 * version (no dataset, no job; its provenance says imported, with the file's SHA-256), which is
 * then validated, deployed and served like any other.
 */
public final class OnnxModels {
    private static final Logger log = LoggerFactory.getLogger(OnnxModels.class);

    private final ModelRepository repository;
    private final ModelTransitions transitions;
    private final ModelBundles bundles;
    private final Clock clock;
    private final long maxBytes;

    /**
     * The largest ONNX file taken whatever the upload limit: the file is held in memory while it is
     * checked, loaded and stored (the largest tree ensembles Vigil exports are a few MiB).
     */
    public static final long MAX_FILE_BYTES = 256L << 20;

    /** @param maxUploadBytes the upload limit, {@code uploads.maxMb}: a file is at most it and {@link #MAX_FILE_BYTES} (413 beyond) */
    public OnnxModels(ModelRepository repository, ModelTransitions transitions, ModelBundles bundles, Clock clock, long maxUploadBytes) {
        this.repository = repository;
        this.transitions = transitions;
        this.bundles = bundles;
        this.clock = clock;
        this.maxBytes = Math.min(maxUploadBytes, MAX_FILE_BYTES);
    }

    /** The largest file {@link #importVersion} accepts. */
    public long maxBytes() {
        return maxBytes;
    }

    /** An exported file: its name and bytes. */
    public record Export(String fileName, byte[] bytes) {}

    public Export export(UUID id, int version) {
        RegisteredModel m = repository.get(id);
        ModelVersion v = repository.getVersion(id, version);
        TrainedModel trained = bundles.load(v);
        String name = m.modelName() + "-v" + version + ".onnx";
        byte[] stored = trained.model().nativeFiles().get("model.onnx");
        if (trained.model().algorithm().equals(io.vigil.engine.onnx.OnnxAlgorithms.NAME) && stored != null) {
            return new Export(name, stored); // an imported version: the file as it came
        }
        try {
            return new Export(name, OnnxExport.toBytes(trained));
        } catch (OnnxExportException e) {
            throw VigilException.unprocessable("version " + version + " of model " + m.modelName() + " cannot be exported to ONNX: " + e.getMessage());
        }
    }

    /**
     * Imports {@code onnx} as the model's next version.
     *
     * @param description the input description as JSON: {@code {"inputs": [{"column", "tensor", "type", "values"}], "classes", "output"}}
     */
    public ModelVersion importVersion(UUID id, byte[] onnx, String description, Caller by) {
        RegisteredModel model = repository.get(id);
        if (onnx.length > maxBytes) {
            throw VigilException.tooLarge("the ONNX file has " + onnx.length + " bytes, more than the limit of " + maxBytes);
        }
        if (Algorithms.trainer(model.algorithm()).task() != Task.CLASSIFICATION) {
            throw VigilException.unprocessable("model " + model.modelName() + " is a " + model.algorithm()
                    + " detector; an ONNX graph is imported into a classification model");
        }
        OnnxBinding binding = binding(description);
        TrainedModel trained;
        try {
            trained = OnnxImport.load(onnx, binding, model.targetVariable(), clock.instant());
        } catch (InvalidOnnxException e) {
            throw VigilException.unprocessable("the ONNX file cannot be served: " + e.getMessage());
        }
        String sha256 = trained.provenance().dataSha256();
        BlobInfo bundle = bundles.write(trained, null);
        try {
            ModelVersion recorded = repository.inTransaction(h -> record(h, id, trained, sha256, onnx.length, bundle, by));
            log.atInfo().addKeyValue("modelId", id).addKeyValue("version", recorded.version()).addKeyValue("sha256", sha256)
                    .addKeyValue("bytes", onnx.length).log("ONNX model imported");
            return recorded;
        } catch (RuntimeException e) {
            bundles.deleteIfUnused(bundle.key());
            throw e;
        }
    }

    private ModelVersion record(org.jdbi.v3.core.Handle h, UUID id, TrainedModel trained, String sha256, long bytes, BlobInfo bundle, Caller by) {
        RegisteredModel locked = repository.getLocked(h, id);
        switch (locked.status()) {
            case TRAINING -> throw VigilException.conflict("model " + locked.modelName() + " is training; import once its training ends");
            case RETIRED -> throw VigilException.conflict("model " + locked.modelName() + " is retired; it takes no new version");
            case CREATED, FAILED, CANCELLED -> {
                // the same moves a training makes, so watchers see a new version arrive as they know it
                transitions.move(h, locked, ModelStatus.TRAINING);
                transitions.move(h, repository.getLocked(h, id), ModelStatus.TRAINED);
            }
            default -> { } // trained, validated or deployed: it keeps its state, the version waits for validation
        }
        int version = repository.nextVersion(h, id);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("algorithm", trained.provenance().algorithm());
        provenance.put("imported", true);
        provenance.put("fileSha256", sha256);
        provenance.put("fileBytes", bytes);
        provenance.put("libraryVersions", trained.provenance().libraryVersions());
        provenance.put("createdAt", trained.provenance().createdAt());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("imported", Map.of("format", "onnx", "fileSha256", sha256));
        parameters.put("inputs", trained.model().nativeFiles().containsKey("binding.json")
                ? Json.MAPPER.valueToTree(readBinding(trained)) : null);
        ModelVersion v = new ModelVersion(id, version, VersionStatus.TRAINED, Map.of(), Json.MAPPER.valueToTree(provenance),
                Json.MAPPER.valueToTree(parameters), null, null, null, null, bundle.sha256(), bundle.size(), by.name(), clock.instant(),
                bundle.key());
        repository.insertVersion(h, v, new VersionArtifacts(null, null, null, null, null, null, null, null, null));
        return v;
    }

    private static JsonNode readBinding(TrainedModel trained) {
        try {
            return Json.MAPPER.readTree(trained.model().nativeFiles().get("binding.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OnnxBinding binding(String description) {
        if (description == null || description.isBlank()) {
            throw VigilException.invalid("description", "describe the graph's inputs: {\"inputs\": [{\"column\": ..., \"tensor\": ..., "
                    + "\"type\": \"numeric\" | \"category\"}], \"classes\": [...]}");
        }
        try {
            return Json.MAPPER.readValue(description, OnnxBinding.class);
        } catch (JsonProcessingException e) {
            throw VigilException.invalid("description", "not a valid input description: " + e.getOriginalMessage());
        }
    }
}
