package io.vigil.neural;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.ParamType;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.PipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multilayer perceptron classifier (binary: one sigmoid output; multiclass: softmax) trained with
 * Adam on DL4J; served by {@link MlpModel}'s plain-Java forward pass. Wants scaled features
 * ({@link PipelineSpec#forLinear}). Seeded from the training context.
 */
public final class MlpTrainer implements Trainer {
    public static final String NAME = "mlp";

    private static final List<ParamSpec> PARAMS = params();

    private static List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>();
        p.add(new ParamSpec("hidden_layers", ParamType.STRING, "64,32", null, false, null, List.of(),
                "comma-separated hidden layer widths, e.g. \"64,32\""));
        p.add(ParamSpec.choice("activation", "relu", HiddenActivation.paramNames(), "hidden layer activation"));
        p.add(ParamSpec.real("dropout", 0.0, 0, false, 0.9, "probability of dropping a hidden unit while training"));
        p.addAll(FitSchedule.specs(20, 128, 0.001));
        return List.copyOf(p);
    }

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return Dl4j.versions(); }
    @Override public PipelineSpec defaultPipeline(String target) { return PipelineSpec.forLinear(target); }

    /** The declared ranges and the layer list, every problem of both reported at once. */
    @Override
    public Hyperparameters validate(Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Hyperparameters hp = null;
        try {
            hp = Trainer.super.validate(raw);
        } catch (InvalidHyperparameterException e) {
            problems.addAll(e.problems());
        }
        Object layers = hp != null ? hp.getString("hidden_layers") : raw.get("hidden_layers");
        if (layers instanceof String text) {
            try {
                HiddenLayers.parse(NAME, text);
            } catch (InvalidHyperparameterException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidHyperparameterException(problems);
        }
        return hp;
    }

    @Override
    public MlpModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        if (data.labels() == null) throw new InvalidHyperparameterException("mlp is a classifier: it needs a target column");
        context.cancellation().check();
        HiddenActivation activation = HiddenActivation.of(params.getString("activation"));
        var net = MlpNetworks.build(data.features().cols(), data.classes().size(), HiddenLayers.parse(NAME, params.getString("hidden_layers")),
                activation, params.getDouble("dropout"), FitSchedule.of(params), context.seed());
        NetworkFitting.fit(net, data, Rows.DENSE, FitSchedule.of(params), context);
        return MlpNetworks.model(net, data.classes(), activation);
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        return MlpNetworks.model(NetworkFiles.read(NAME, nativeFiles), classes, HiddenActivation.of(params.getString("activation")));
    }
}
