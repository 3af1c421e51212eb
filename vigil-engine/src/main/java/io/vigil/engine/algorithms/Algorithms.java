package io.vigil.engine.algorithms;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Registry of every algorithm by name: what the service lists, and how bundles find their loader.
 * Every trainer comes from an {@link AlgorithmProvider} on the class path, the built-in ones too,
 * listed in the providers' {@link AlgorithmProvider#listingOrder() order}.
 */
public final class Algorithms {
    private static final Map<String, Supplier<Trainer>> TRAINERS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        List<AlgorithmProvider> providers = ServiceLoader.load(AlgorithmProvider.class, Algorithms.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(AlgorithmProvider::listingOrder).thenComparing(p -> p.getClass().getName()))
                .toList();
        for (AlgorithmProvider provider : providers) {
            provider.trainers().forEach((name, supplier) -> {
                if (TRAINERS.putIfAbsent(name, supplier) != null) {
                    throw new IllegalStateException(provider.getClass().getName() + " registers '" + name + "', which is already taken");
                }
            });
        }
        for (AlgorithmProvider provider : providers) {
            provider.aliases().forEach((alias, name) -> {
                if (!TRAINERS.containsKey(name)) {
                    throw new IllegalStateException(provider.getClass().getName() + " calls '" + name + "' '" + alias + "', but no algorithm is registered as '" + name + "'");
                }
                if (TRAINERS.containsKey(alias) || ALIASES.putIfAbsent(alias, name) != null) {
                    throw new IllegalStateException(provider.getClass().getName() + " registers the alias '" + alias + "', which is already taken");
                }
            });
        }
    }

    private Algorithms() {
    }

    public static List<String> names() {
        return List.copyOf(TRAINERS.keySet());
    }

    /** Every alias, to the registered name it means: {@code xgboost} → {@code gbm}. */
    public static Map<String, String> aliases() {
        return Map.copyOf(ALIASES);
    }

    /** The registered name {@code name} means: itself, or the algorithm it is another name for; unknown names fail as {@link #trainer}. */
    public static String canonicalName(String name) {
        return trainer(name).algorithm();
    }

    /** The trainer registered as {@code name} or known by it as an alias; unknown names fail listing the known ones. */
    public static Trainer trainer(String name) {
        Supplier<Trainer> s = TRAINERS.get(ALIASES.getOrDefault(name, name));
        if (s == null) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + String.join(", ", TRAINERS.keySet())
                    + (ALIASES.isEmpty() ? "" : "; also " + String.join(", ", ALIASES.keySet())) + ")");
        }
        return s.get();
    }
}
