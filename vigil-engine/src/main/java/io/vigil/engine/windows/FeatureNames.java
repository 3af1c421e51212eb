package io.vigil.engine.windows;

import java.util.List;

/**
 * The columns a valid {@link WindowFeature} adds, named from the spec so that they read and stay
 * the same: {@code bytes_mean_5m}, {@code bytes_max_last50}, {@code count_1h}, {@code rate_5m},
 * {@code bytes_lag_1}, {@code bytes_diff_1}, {@code hour_sin} and {@code hour_cos} (or {@code hour}
 * when plain), {@code weekday_sin}/{@code weekday_cos} (or {@code weekday}),
 * {@code bytes_residual_hour}. A feature's {@code name} replaces the derived one (for a sin/cos
 * pair it is the prefix).
 */
final class FeatureNames {
    private FeatureNames() {
    }

    static List<String> of(WindowFeature f) {
        WindowKind kind = f.resolvedKind();
        String column = f.column() == null ? null : f.column().strip();
        String own = f.name() == null ? null : f.name().strip();
        if (kind.calendar()) {
            String base = own != null ? own : kind.wire();
            return f.cyclic() ? List.of(base + "_sin", base + "_cos") : List.of(base);
        }
        if (own != null) return List.of(own);
        String prefix = column == null ? "" : column + "_";
        if (kind.windowed()) {
            String span = f.window() != null ? Durations.text(Durations.seconds(f.window())) : "last" + f.events();
            return List.of(prefix + kind.wire() + "_" + span);
        }
        if (kind.lagged()) return List.of(prefix + kind.wire() + "_" + f.lag());
        return List.of(prefix + "residual_" + f.resolvedSeason().wire());
    }
}
