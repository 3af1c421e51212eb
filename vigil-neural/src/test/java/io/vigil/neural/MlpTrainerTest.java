package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.CancellationToken;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.algorithms.TrainingCancelledException;
import io.vigil.engine.algorithms.TrainingProgress;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MlpTrainerTest {
    static final Map<String, Object> SMALL = Map.of("hidden_layers", "16,16", "epochs", 25, "batch_size", 32, "learning_rate", 0.01);

    @Test
    void isRegisteredWithTheEngineAndWantsScaledFeatures() {
        assertThat(Algorithms.names()).contains("mlp", "lstm");
        assertThat(Algorithms.trainer("mlp")).isInstanceOf(MlpTrainer.class);
        assertThat(Algorithms.trainer("mlp").defaultPipeline("label")).isEqualTo(PipelineSpec.forLinear("label"));
    }

    @Test
    void validatesHyperparametersWithClearMessages() {
        MlpTrainer t = new MlpTrainer();
        assertThat(t.validate(Map.of()).getString("hidden_layers")).isEqualTo("64,32");
        assertThatThrownBy(() -> t.validate(Map.of("hidden_layers", "64,x")))
                .isInstanceOf(InvalidHyperparameterException.class)
                .hasMessage("hyperparameter 'hidden_layers' of mlp: each width must be an integer in [1, 4096], got 'x'");
        assertThatThrownBy(() -> t.validate(Map.of("hidden_layers", "")))
                .hasMessageContaining("must list 1 to 8 layer widths");
        assertThatThrownBy(() -> t.validate(Map.of("hidden_layers", "0")))
                .hasMessageContaining("got '0'");
        assertThatThrownBy(() -> t.validate(Map.of("activation", "softplus")))
                .hasMessageContaining("must be one of [relu, leakyrelu, tanh, sigmoid]");
        assertThatThrownBy(() -> t.validate(Map.of("learning_rate", 0)))
                .hasMessageContaining("'learning_rate' of mlp must be in (0, 1]");
        assertThatThrownBy(() -> t.validate(Map.of("dropout", 0.95)))
                .hasMessageContaining("'dropout' of mlp must be in [0, 0.9]");
        assertThatThrownBy(() -> t.validate(Map.of("rounds", 3)))
                .hasMessageContaining("unknown hyperparameter 'rounds' for mlp");
    }

    @Test
    void aBadLayerListIsReportedWithTheOtherBadParameters() {
        assertThatThrownBy(() -> new MlpTrainer().validate(Map.of("hidden_layers", "64,x", "dropout", 0.95)))
                .isInstanceOfSatisfying(InvalidHyperparameterException.class, e -> assertThat(e.problems()).containsExactly(
                        "hyperparameter 'dropout' of mlp must be in [0, 0.9], got 0.95",
                        "hyperparameter 'hidden_layers' of mlp: each width must be an integer in [1, 4096], got 'x'"));
    }

    @Test
    void learnsANonLinearBoundaryThatLogisticRegressionCannot() {
        Table all = Tables.xor(2400, 7);
        int[][] split = Tables.split(all.rowCount(), 0.25, 1);
        Table train = all.select(split[0]);
        Table test = all.select(split[1]);

        TrainedModel mlp = Training.of(train, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(SMALL).seed(3).run();
        double mlpAccuracy = Evaluator.evaluate(mlp.model(), mlp.features(test), mlp.pipeline().labels(test)).accuracy();
        TrainedModel linear = Training.of(train, Algorithms.trainer("logistic_regression")).pipeline(PipelineSpec.forLinear("label")).seed(3).run();
        double linearAccuracy = Evaluator.evaluate(linear.model(), linear.features(test), linear.pipeline().labels(test)).accuracy();

        assertThat(mlpAccuracy).isGreaterThan(0.93);
        assertThat(linearAccuracy).isLessThan(0.65);
    }

    @Test
    void multiclassGetsOneMarginPerClass() {
        Table t = Table.fromRows(threeClasses(600), List.of("x1", "x2", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        TrainedModel m = Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(SMALL).seed(1).run();
        assertThat(m.model().classes()).hasSize(3);
        assertThat(m.model().marginCount()).isEqualTo(3);
        assertThat(Evaluator.evaluate(m.model(), m.features(t), m.pipeline().labels(t)).accuracy()).isGreaterThan(0.9);
    }

    /** Three classes by which third of [-1, 1] x1 falls in. */
    static java.util.Iterator<String[]> threeClasses(int rows) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        List<String[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextDouble(-1, 1);
            out.add(new String[] {Double.toString(x1), Double.toString(r.nextDouble()), x1 < -0.33 ? "low" : x1 < 0.33 ? "mid" : "high"});
        }
        return out.iterator();
    }

    @Test
    void reportsProgressPerEpochAndIsRepeatableWithASeed() {
        Table t = Tables.xor(400, 2);
        List<TrainingProgress> seen = new CopyOnWriteArrayList<>();
        Map<String, Object> p = Map.of("hidden_layers", "8", "epochs", 4, "batch_size", 50);
        TrainedModel a = Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(p).seed(9).listener(seen::add).run();
        TrainedModel b = Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(p).seed(9).run();

        assertThat(seen).extracting(TrainingProgress::round).containsExactly(1, 2, 3, 4);
        assertThat(seen.get(3).fraction()).isEqualTo(1.0);
        assertThat(seen.get(0).message()).startsWith("epoch 1/4, last batch loss ");
        assertThat(a.model().nativeFiles().get("params.bin")).isEqualTo(b.model().nativeFiles().get("params.bin"));
    }

    @Test
    void stopsEarlyWhenHeldOutLossStopsImproving() {
        Table t = Tables.xor(400, 4);
        List<TrainingProgress> seen = new CopyOnWriteArrayList<>();
        // a learning rate this high makes the held-out loss bounce, so patience 1 stops well before 200 epochs
        Map<String, Object> p = Map.of("hidden_layers", "8", "epochs", 200, "batch_size", 400, "learning_rate", 0.5, "patience", 1);
        Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(p).seed(1).listener(seen::add).run();
        TrainingProgress last = seen.get(seen.size() - 1);
        assertThat(last.round()).isLessThan(200);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(last.message()).contains("held-out log loss").contains("stopped early");
    }

    @Test
    void cancellationStopsTrainingBetweenMinibatches() {
        Table t = Tables.xor(2000, 3);
        CancellationToken token = new CancellationToken();
        List<TrainingProgress> seen = new CopyOnWriteArrayList<>();
        Map<String, Object> p = Map.of("hidden_layers", "8", "epochs", 1000, "batch_size", 16);
        assertThatThrownBy(() -> Training.of(t, new MlpTrainer()).pipeline(PipelineSpec.forLinear("label")).params(p).seed(1)
                .cancellation(token)
                .listener(progress -> {
                    seen.add(progress);
                    if (progress.round() == 2) token.cancel();
                })
                .run()).isInstanceOf(TrainingCancelledException.class);
        assertThat(seen).hasSize(2);
    }
}
