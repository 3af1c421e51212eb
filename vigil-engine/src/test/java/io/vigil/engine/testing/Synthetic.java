package io.vigil.engine.testing;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import java.util.List;
import java.util.SplittableRandom;

/** Small, seeded, learnable tables for fast tests. */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Columns id, x1, x2 (numeric, ~5% missing), proto (tcp/udp/icmp), label. Binary label:
     * attack when x1 + 0.5 * x2 + (proto = icmp ? 1 : 0) + noise > 1. Multiclass: low / mid / high.
     */
    public static Table table(int rows, long seed, boolean multiclass) {
        SplittableRandom r = new SplittableRandom(seed);
        TableBuilder b = new TableBuilder(List.of("id", "x1", "x2", "proto", "label"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
        String[] protos = {"tcp", "tcp", "udp", "icmp"};
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian() * 2;
            String proto = protos[r.nextInt(protos.length)];
            double z = x1 + 0.5 * x2 + (proto.equals("icmp") ? 1 : 0) + 0.3 * r.nextGaussian();
            String label = multiclass ? (z < 0 ? "low" : z < 1.5 ? "mid" : "high") : (z > 1 ? "attack" : "normal");
            b.addRow(new String[] {"id" + i, r.nextDouble() < 0.05 ? "" : Double.toString(x1),
                    r.nextDouble() < 0.05 ? "" : Double.toString(x2), proto, label});
        }
        return b.build();
    }
}
