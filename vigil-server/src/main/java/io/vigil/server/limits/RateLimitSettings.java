package io.vigil.server.limits;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many requests each caller and each client address may send to each {@link RouteGroup}, per
 * minute. A bucket holds one minute's worth (the largest burst) and refills evenly; zero means no
 * limit on that side. Login has no identity side: its routes are open, and failed logins have their
 * own throttle ({@code auth.LoginThrottle}).
 *
 * @param enabled false: no request is counted or refused
 * @param limits  the limits of every group
 */
public record RateLimitSettings(boolean enabled, Map<RouteGroup, Limits> limits) {
    /** Requests per minute for one caller ({@code perIdentity}) and for one client address ({@code perAddress}); 0: none. */
    public record Limits(int perIdentity, int perAddress) {
        public Limits {
            if (perIdentity < 0 || perAddress < 0) {
                throw new IllegalArgumentException("a rate limit is 0 (none) or more requests per minute");
            }
        }
    }

    public RateLimitSettings {
        if (enabled && !limits.keySet().containsAll(java.util.EnumSet.allOf(RouteGroup.class))) {
            throw new IllegalArgumentException("every route group needs its limits: " + limits.keySet());
        }
        limits = Map.copyOf(limits);
    }

    /** The built-in defaults (the README's settings table). */
    public static RateLimitSettings defaults() {
        Map<RouteGroup, Limits> limits = new EnumMap<>(RouteGroup.class);
        limits.put(RouteGroup.LOGIN, new Limits(0, 60));
        limits.put(RouteGroup.UPLOADS, new Limits(60, 120));
        limits.put(RouteGroup.PREDICTIONS, new Limits(1_200_000, 1_200_000));
        limits.put(RouteGroup.OTHER, new Limits(6_000, 12_000));
        return new RateLimitSettings(true, limits);
    }

    /** No limits at all. */
    public static RateLimitSettings off() {
        return new RateLimitSettings(false, Map.of());
    }

    public Limits of(RouteGroup group) {
        return limits.getOrDefault(group, new Limits(0, 0));
    }
}
