package io.vigil.neural;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.CategoricalEncoding;
import io.vigil.engine.features.PipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LSTM sequence classifier, many-to-one: each encoded row holds {@code timesteps} consecutive
 * events, oldest first, with the same {@code F} features per event (so {@code F x timesteps}
 * columns, as {@link io.vigil.engine.table.SequenceWindows} lays them out); the LSTM reads them
 * in order and its last step predicts the row's label. Binary or multiclass.
 */
public final class LstmTrainer implements Trainer {
    public static final String NAME = "lstm";

    private static final List<ParamSpec> PARAMS = params();

    private static List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>();
        p.add(ParamSpec.integer("timesteps", 1, 1, 10_000, "events per row; must divide the encoded feature count"));
        p.add(ParamSpec.integer("units", 32, 1, 1024, "LSTM cells per layer"));
        p.add(ParamSpec.integer("layers", 1, 1, 4, "stacked LSTM layers"));
        p.add(ParamSpec.real("dropout", 0.0, 0, false, 0.9, "probability of dropping an LSTM input while training"));
        p.addAll(FitSchedule.specs(10, 64, 0.005));
        return List.copyOf(p);
    }

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return Dl4j.versions(); }

    /** Scaled, but categorical windows stay one feature each so every timestep has the same width. */
    @Override
    public PipelineSpec defaultPipeline(String target) {
        return PipelineSpec.forLinear(target).withEncoding(CategoricalEncoding.ORDINAL);
    }

    @Override
    public LstmModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        if (data.labels() == null) throw new InvalidHyperparameterException("lstm is a classifier: it needs a target column");
        int timesteps = params.getInt("timesteps");
        int channels = channels(data.features().cols(), timesteps);
        context.cancellation().check();
        var net = LstmNetworks.build(channels, timesteps, data.classes().size(), params.getInt("units"), params.getInt("layers"),
                params.getDouble("dropout"), FitSchedule.of(params), context.seed());
        NetworkFitting.fit(net, data, Rows.sequence(timesteps), FitSchedule.of(params), context);
        return new LstmModel(LstmNetworks.forward(net, timesteps), data.classes(), timesteps, NetworkFiles.write(net));
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        int timesteps = params.getInt("timesteps");
        channels(featureCount, timesteps);
        return new LstmModel(LstmNetworks.forward(NetworkFiles.read(NAME, nativeFiles), timesteps), classes, timesteps, nativeFiles);
    }

    /** Features per timestep; the encoded width must split evenly into {@code timesteps} steps. */
    static int channels(int features, int timesteps) {
        if (features % timesteps != 0) {
            throw new InvalidHyperparameterException("hyperparameter 'timesteps' of lstm must divide the encoded feature count: "
                    + features + " features cannot be split into " + timesteps + " timesteps (window the table with "
                    + "SequenceWindows so every event has the same columns, and set timesteps to the window)");
        }
        return features / timesteps;
    }
}
