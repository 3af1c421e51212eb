package io.vigil.server.serving.models;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The running experiments by detection slot, as serving routes by them: replaced whole by whoever
 * reads the experiments (monitoring), read with one map lookup per prediction that names a
 * {@code modelType}. With no experiment running the lookup finds nothing and nothing else is done.
 */
public final class TrafficSplits {
    private volatile Map<String, TrafficSplit> byType = Map.of();

    /** The experiment routing {@code modelType}'s traffic, or null. */
    public TrafficSplit of(String modelType) {
        return byType.get(modelType);
    }

    /** Routes by {@code running} from now on (at most one per slot). */
    public void replace(Collection<TrafficSplit> running) {
        Map<String, TrafficSplit> next = new HashMap<>();
        running.forEach(s -> next.put(s.modelType(), s));
        byType = Map.copyOf(next);
    }

    /** Every experiment routing now. */
    public Collection<TrafficSplit> all() {
        return byType.values();
    }
}
