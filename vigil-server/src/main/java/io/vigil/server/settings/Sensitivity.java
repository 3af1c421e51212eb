package io.vigil.server.settings;

import io.vigil.server.core.VigilException;
import java.util.Locale;

/**
 * Sensitivity presets: every threshold of a model type ({@code event} and {@code critical}) moved
 * one step along a fixed {@link #LADDER}. Raising the sensitivity lowers the thresholds (more
 * verdicts become events): each goes to the next step below it; lowering it raises them to the next
 * step above. A threshold already past the end of the ladder stays. The divergence margin is no
 * threshold of a verdict and is left as it is. The ladder only ever maps a lower value to a lower or
 * equal one, so {@code critical} stays at least {@code event}.
 */
public final class Sensitivity {
    /** The steps, lowest first. */
    public static final double[] LADDER = {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99};

    /** Which way to move. */
    public enum Direction {
        /** More events: the thresholds go down a step. */
        RAISE,
        /** Fewer events: the thresholds go up a step. */
        LOWER;

        /** {@code raise} or {@code lower}; anything else: 400 naming {@code direction}. */
        static Direction of(String wire) {
            if (wire != null) {
                for (Direction d : values()) {
                    if (d.name().toLowerCase(Locale.ROOT).equals(wire)) {
                        return d;
                    }
                }
            }
            throw VigilException.invalid("direction", "must be raise (lower thresholds: more events) or lower (higher thresholds: "
                    + "fewer events); got " + (wire == null ? "nothing" : "'" + wire + "'"));
        }
    }

    private Sensitivity() {}

    /** {@code modelType}'s thresholds (its own or, when it has none, a copy of the default ones) moved one step. */
    public static Thresholds shift(Thresholds thresholds, String modelType, Direction direction) {
        Thresholds.ModelTypeThresholds now = thresholds.of(modelType);
        Thresholds.ModelTypeThresholds moved = new Thresholds.ModelTypeThresholds(step(now.event(), direction),
                step(now.critical(), direction), now.divergenceMargin());
        if (moved.equals(now)) {
            throw VigilException.conflict("the thresholds of " + modelType + " (event " + now.event() + ", critical " + now.critical()
                    + ") are at the " + (direction == Direction.RAISE ? "lowest" : "highest") + " step of the ladder already");
        }
        return thresholds.with(modelType, moved);
    }

    /** The next step below (raise) or above (lower) {@code value}; {@code value} itself past the ladder's end. */
    static double step(double value, Direction direction) {
        if (direction == Direction.RAISE) {
            for (int i = LADDER.length - 1; i >= 0; i--) {
                if (LADDER[i] < value) {
                    return LADDER[i];
                }
            }
        } else {
            for (double step : LADDER) {
                if (step > value) {
                    return step;
                }
            }
        }
        return value;
    }
}
