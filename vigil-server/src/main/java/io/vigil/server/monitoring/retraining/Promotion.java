package io.vigil.server.monitoring.retraining;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What happens to a retrained version once it has been compared with the deployed one: deployed
 * if it is better ({@code if_better}), handed to an A/B test as the challenger ({@code challenger},
 * when it is better on the held-out rows), or only registered ({@code never}).
 */
enum Promotion {
    IF_BETTER, CHALLENGER, NEVER;

    static final List<String> WIRES = Arrays.stream(values()).map(Promotion::wire).toList();

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Promotion parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
