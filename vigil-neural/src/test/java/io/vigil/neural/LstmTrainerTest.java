package io.vigil.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.features.FeatureMatrix;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {
    static final int STEPS = 6;

    @Test
    void learnsWhetherTheSpikeCameBeforeTheDrop() throws Exception {
        Table all = Tables.spikeBeforeDrop(1600, STEPS, 3);
        int[][] split = Tables.split(all.rowCount(), 0.25, 2);
        Table train = all.select(split[0]);
        Table test = all.select(split[1]);
        TrainedModel m = Training.of(train, new LstmTrainer()).pipeline(new LstmTrainer().defaultPipeline("label"))
                .params(Map.of("timesteps", STEPS, "units", 16, "epochs", 10, "batch_size", 64, "learning_rate", 0.03)).seed(4).run();
        FeatureMatrix x = m.features(test);
        double accuracy = Evaluator.evaluate(m.model(), x, m.pipeline().labels(test)).accuracy();
        assertThat(accuracy).isGreaterThan(0.9);

        // the same rows with their time order reversed carry the same values: the model must see order
        Table reversed = all.select(split[1]);
        double flipped = Evaluator.evaluate(m.model(), reverseTime(x, STEPS), m.pipeline().labels(reversed)).accuracy();
        assertThat(flipped).isLessThan(0.2);

        // per-row predictions from several threads match the batched ones
        double[][] batch = m.model().probabilities(x);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int r = 0; r < 200; r++) {
                int row = r;
                same.add(pool.submit(() -> Math.abs(m.model().predict(x.row(row)).probabilities()[1] - batch[row][1]) < 1e-5));
            }
            for (Future<Boolean> f : same) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void timestepsMustDivideTheFeatureCount() {
        Table t = Tables.spikeBeforeDrop(50, STEPS, 1);
        assertThatThrownBy(() -> Training.of(t, new LstmTrainer()).pipeline(PipelineSpec.forLinear("label"))
                .params(Map.of("timesteps", 4)).run())
                .isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageStartingWith("hyperparameter 'timesteps' of lstm must divide the encoded feature count: 6 features cannot be split into 4 timesteps");
        assertThatThrownBy(() -> new LstmTrainer().validate(Map.of("timesteps", 0)))
                .hasMessageContaining("'timesteps' of lstm must be in [1, 10000]");
    }

    /** Each row's timesteps in reverse order (one channel per step). */
    static FeatureMatrix reverseTime(FeatureMatrix x, int steps) {
        float[] out = new float[x.data().length];
        for (int r = 0; r < x.rows(); r++) {
            for (int t = 0; t < steps; t++) out[r * steps + t] = x.data()[r * steps + steps - 1 - t];
        }
        return new FeatureMatrix(out, x.rows(), x.cols(), x.names());
    }
}
