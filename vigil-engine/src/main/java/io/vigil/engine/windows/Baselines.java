package io.vigil.engine.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * The fitted baselines of a spec's residual features, ready to look up: for each, the level used
 * per bucket when an entity has none of its own (across all entities when that bucket had
 * {@code minSamples} values and a spread, else the overall one), and each entity's own levels.
 * A residual is {@code (value - center) / spread}; when no level has a spread (a column that never
 * varied) the spread is 1.
 */
final class Baselines {
    /** Entities with their own baseline, per residual feature: those with the most events. */
    static final int MAX_ENTITIES = 2_000;

    private final List<SeasonalBaseline> fitted;
    private final Season[] seasons;
    private final SeasonalBaseline.Level[][] fallback; // [residual][bucket]

    /** One entity's own levels, per residual feature (null where it has none). */
    record Entity(SeasonalBaseline.Level[][] levels) {
        static final Entity NONE = new Entity(new SeasonalBaseline.Level[0][]);
    }

    Baselines(List<SeasonalBaseline> fitted) {
        this.fitted = List.copyOf(fitted);
        this.seasons = new Season[fitted.size()];
        this.fallback = new SeasonalBaseline.Level[fitted.size()][];
        for (int r = 0; r < fitted.size(); r++) {
            SeasonalBaseline b = fitted.get(r);
            seasons[r] = Season.of(b.season());
            SeasonalBaseline.Level overall = usable(b.overall(), 1) ? b.overall()
                    : new SeasonalBaseline.Level(b.overall() == null ? 0 : b.overall().center(), 1, 0);
            fallback[r] = new SeasonalBaseline.Level[seasons[r].buckets];
            for (int k = 0; k < fallback[r].length; k++) {
                SeasonalBaseline.Level level = k < b.buckets().size() ? b.buckets().get(k) : null;
                fallback[r][k] = usable(level, b.minSamples()) ? level : overall;
            }
        }
    }

    List<SeasonalBaseline> fitted() {
        return fitted;
    }

    Season season(int residual) {
        return seasons[residual];
    }

    /** The levels of the entity with this key, or {@link Entity#NONE} (null key: no entity). */
    Entity entity(String key) {
        if (fitted.isEmpty() || key == null) return Entity.NONE;
        SeasonalBaseline.Level[][] levels = new SeasonalBaseline.Level[fitted.size()][];
        boolean any = false;
        for (int r = 0; r < fitted.size(); r++) {
            SeasonalBaseline.EntityLevels own = fitted.get(r).entities().get(key);
            if (own == null) continue;
            levels[r] = new SeasonalBaseline.Level[seasons[r].buckets];
            for (int i = 0; i < own.buckets().length; i++) {
                levels[r][own.buckets()[i]] = new SeasonalBaseline.Level(own.center()[i], own.spread()[i], own.n()[i]);
            }
            any = true;
        }
        return any ? new Entity(levels) : Entity.NONE;
    }

    /** The residual of {@code value} in {@code bucket} for residual feature {@code r}. */
    double residual(int r, Entity entity, int bucket, double value) {
        SeasonalBaseline.Level level = null;
        if (r < entity.levels().length && entity.levels()[r] != null) level = entity.levels()[r][bucket];
        if (level == null) level = fallback[r][bucket];
        return (value - level.center()) / level.spread();
    }

    private static boolean usable(SeasonalBaseline.Level level, int minSamples) {
        return level != null && level.n() >= minSamples && level.spread() > 0 && Double.isFinite(level.spread());
    }

    /** Checks fitted baselines read from a bundle against the spec's residual features. */
    static Baselines checked(List<SeasonalBaseline> fitted, List<WindowFeature> residuals) {
        if (fitted.size() != residuals.size()) {
            throw new IllegalArgumentException("the spec has " + residuals.size() + " residual features but " + fitted.size()
                    + " fitted baselines");
        }
        List<SeasonalBaseline> out = new ArrayList<>();
        for (int r = 0; r < fitted.size(); r++) {
            SeasonalBaseline b = fitted.get(r);
            WindowFeature f = residuals.get(r);
            Season season = Season.of(b.season() == null ? "" : b.season());
            if (season == null || season != f.resolvedSeason() || b.buckets() == null || b.buckets().size() != season.buckets
                    || b.entities() == null || b.overall() == null) {
                throw new IllegalArgumentException("the fitted baseline of " + FeatureNames.of(f) + " does not match its feature");
            }
            for (SeasonalBaseline.EntityLevels e : b.entities().values()) {
                int n = e.buckets().length;
                if (e.center().length != n || e.spread().length != n || e.n().length != n) {
                    throw new IllegalArgumentException("the fitted baseline of " + FeatureNames.of(f) + " has an entity with uneven arrays");
                }
                for (int i = 0; i < n; i++) {
                    if (e.buckets()[i] < 0 || e.buckets()[i] >= season.buckets || !(e.spread()[i] > 0) || !Double.isFinite(e.spread()[i])) {
                        throw new IllegalArgumentException("the fitted baseline of " + FeatureNames.of(f) + " has an entity bucket "
                                + e.buckets()[i] + " without a usable spread");
                    }
                }
            }
            out.add(b);
        }
        return new Baselines(out);
    }
}
