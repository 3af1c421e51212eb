package io.vigil.server.settings;

import io.vigil.server.limits.RateLimitSettings;
import java.time.Duration;

/**
 * The sections Vigil registers itself, with their start-time defaults from the configuration. Who
 * puts each in force subscribes with {@link RuntimeSection#listen} where it is wired; readers such
 * as the security events call {@code thresholds().current()}.
 */
public record BuiltInSections(RuntimeSection<Thresholds> thresholds, RuntimeSection<RateLimits> rateLimits,
                              RuntimeSection<CacheSettings> cache) {

    /** Registers the built-in sections on {@code settings}. */
    public static BuiltInSections register(RuntimeSettings settings, RateLimitSettings rateLimits, long cacheSize, Duration cacheTtl) {
        return new BuiltInSections(
                settings.register(RuntimeSection.of(Thresholds.SECTION, Thresholds.class, Thresholds.DEFAULT, Thresholds::validate)),
                settings.register(RuntimeSection.of(RateLimits.SECTION, RateLimits.class, RateLimits.from(rateLimits),
                        RateLimits::validate)),
                settings.register(RuntimeSection.of(CacheSettings.SECTION, CacheSettings.class,
                        new CacheSettings(Math.max(0, cacheSize), (int) Math.max(1, cacheTtl.toSeconds())), CacheSettings::validate)));
    }
}
