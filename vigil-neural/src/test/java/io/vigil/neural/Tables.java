package io.vigil.neural;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic tables the neural tests learn. */
final class Tables {
    private Tables() {
    }

    /**
     * XOR: {@code attack} when x1 and x2 have the same sign, plus two noise columns. No linear
     * boundary separates it, so logistic regression stays near chance.
     */
    static Table xor(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        TableBuilder b = new TableBuilder(List.of("x1", "x2", "n1", "n2", "label"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextDouble(-1, 1);
            double x2 = r.nextDouble(-1, 1);
            b.addRow(new String[] {Double.toString(x1), Double.toString(x2), Double.toString(r.nextGaussian()),
                    Double.toString(r.nextGaussian()), x1 * x2 > 0 ? "attack" : "normal"});
        }
        return b.build();
    }

    /**
     * Ordering task, {@code steps} events of one value each (columns {@code v_t-(steps-1)} ..
     * {@code v_t0}): every window holds one spike (+3) and one drop (-3) at random distinct steps,
     * the rest small noise; {@code attack} when the spike comes first. Both classes hold the same
     * values, only their order differs, so no order-blind model can beat chance.
     */
    static Table spikeBeforeDrop(int rows, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        List<ColumnKind> kinds = new ArrayList<>();
        for (int lag = steps - 1; lag >= 0; lag--) {
            names.add(io.vigil.engine.table.SequenceWindows.columnName("v", lag));
            kinds.add(ColumnKind.NUMERIC);
        }
        names.add("label");
        kinds.add(ColumnKind.CATEGORICAL);
        TableBuilder b = new TableBuilder(names, kinds);
        for (int i = 0; i < rows; i++) {
            String[] cells = new String[steps + 1];
            int spike = r.nextInt(steps);
            int drop = r.nextInt(steps - 1);
            if (drop >= spike) drop++;
            for (int t = 0; t < steps; t++) {
                double v = t == spike ? 3 : t == drop ? -3 : 0.3 * r.nextGaussian();
                cells[t] = Double.toString(v);
            }
            cells[steps] = spike < drop ? "attack" : "normal";
            b.addRow(cells);
        }
        return b.build();
    }

    /** Rows {@code [0, n)} shuffled with a seed, split into a training and a test part. */
    static int[][] split(int n, double testFraction, long seed) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(i);
        Collections.shuffle(rows, new java.util.Random(seed));
        int test = (int) (n * testFraction);
        return new int[][] {rows.subList(test, n).stream().mapToInt(Integer::intValue).toArray(),
                rows.subList(0, test).stream().mapToInt(Integer::intValue).toArray()};
    }
}
