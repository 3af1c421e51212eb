package io.vigil.neural;

import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.algorithms.TrainingProgress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fits a network by epochs of seeded-shuffled minibatches: progress after every epoch,
 * cancellation checked before every minibatch, optional early stopping on held-out rows.
 */
final class NetworkFitting {
    private NetworkFitting() {
    }

    static void fit(MultiLayerNetwork net, TrainingData data, Rows.Shape shape, FitSchedule s, TrainingContext context) {
        float[] x = data.features().data();
        int cols = data.features().cols();
        int[] y = data.labels();
        int classes = data.classes().size();
        Random random = new Random(context.seed());
        int[] order = Rows.all(data.rows());
        shuffle(order, random);

        int[] train = order;
        int[] valid = null;
        if (s.patience() > 0 && data.rows() >= 10) {
            int held = Math.max(1, (int) Math.round(data.rows() * s.validationFraction()));
            valid = Arrays.copyOfRange(order, 0, held);
            train = Arrays.copyOfRange(order, held, order.length);
        }
        INDArray validX = valid == null ? null : shape.features(x, cols, valid);

        double best = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            shuffle(train, random);
            for (int from = 0; from < train.length; from += s.batchSize()) {
                context.cancellation().check();
                int[] batch = Arrays.copyOfRange(train, from, Math.min(train.length, from + s.batchSize()));
                net.fit(shape.features(x, cols, batch), Rows.labels(y, batch, classes));
            }
            String message = "epoch " + epoch + "/" + s.epochs() + String.format(Locale.ROOT, ", last batch loss %.4f", net.score());
            boolean stop = false;
            if (valid != null) {
                double loss = logLoss(net.output(validX, false), y, valid);
                message += String.format(Locale.ROOT, ", held-out log loss %.4f", loss);
                if (loss < best - 1e-6) {
                    best = loss;
                    bestParams = net.params().dup();
                    sinceBest = 0;
                } else if (++sinceBest >= s.patience()) {
                    stop = true;
                    message += ", stopped early (best weights kept)";
                }
            }
            double fraction = stop ? 1.0 : (double) epoch / s.epochs();
            context.listener().onProgress(new TrainingProgress(fraction, epoch, s.epochs(), message));
            context.cancellation().check();
            if (stop) break;
        }
        if (bestParams != null) net.setParams(bestParams);
    }

    /** Mean log loss of network outputs (one sigmoid column, or softmax columns) against class indices. */
    static double logLoss(INDArray output, int[] y, int[] rows) {
        float[][] p = output.toFloatMatrix();
        double sum = 0;
        for (int i = 0; i < rows.length; i++) {
            int label = y[rows[i]];
            double q = p[i].length == 1 ? (label == 1 ? p[i][0] : 1 - p[i][0]) : p[i][label];
            sum -= Math.log(Math.max(q, 1e-12));
        }
        return sum / rows.length;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
