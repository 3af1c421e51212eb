package io.vigil.server.settings;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.limits.RouteGroup;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code rateLimits} section: requests per minute per caller and per client address for each
 * group of routes, as the {@code rateLimits.*} start-time settings say them, put in force by
 * {@code limits.RateLimiter.apply}.
 *
 * <pre>{@code
 * {"enabled": true, "login": {"perIdentity": 0, "perAddress": 60}, "uploads": {"perIdentity": 60, "perAddress": 120},
 *  "predictions": {"perIdentity": 1200000, "perAddress": 1200000}, "other": {"perIdentity": 6000, "perAddress": 12000}}
 * }</pre>
 */
public record RateLimits(Boolean enabled, Limit login, Limit uploads, Limit predictions, Limit other) {
    public static final String SECTION = "rateLimits";
    /** The start-time settings' bound (ConfigLoader's). */
    static final int MAX_PER_MINUTE = 100_000_000;

    /** One group's limits per minute; 0: none on that side. */
    public record Limit(Integer perIdentity, Integer perAddress) {
        static Limit of(RateLimitSettings.Limits limits) {
            return new Limit(limits.perIdentity(), limits.perAddress());
        }

        void check(String group, FieldErrors errors) {
            for (String side : new String[] {"perIdentity", "perAddress"}) {
                Integer value = side.equals("perIdentity") ? perIdentity : perAddress;
                String field = group + "." + side;
                if (errors.required(field, value, "requests per minute, 0 for no limit")) {
                    errors.integer(field, value, 0, MAX_PER_MINUTE);
                }
            }
        }
    }

    /**
     * The section's value for the start-time settings; when those turned the limits off, the built-in
     * limits with {@code enabled} false, so that turning them on names real figures.
     */
    public static RateLimits from(RateLimitSettings settings) {
        RateLimitSettings figures = settings.enabled() ? settings : RateLimitSettings.defaults();
        return new RateLimits(settings.enabled(), Limit.of(figures.of(RouteGroup.LOGIN)), Limit.of(figures.of(RouteGroup.UPLOADS)),
                Limit.of(figures.of(RouteGroup.PREDICTIONS)), Limit.of(figures.of(RouteGroup.OTHER)));
    }

    /** The limiter's settings; call only on a value that passed {@link #validate}. */
    public RateLimitSettings toSettings() {
        Map<RouteGroup, RateLimitSettings.Limits> limits = new EnumMap<>(RouteGroup.class);
        limits.put(RouteGroup.LOGIN, new RateLimitSettings.Limits(login.perIdentity(), login.perAddress()));
        limits.put(RouteGroup.UPLOADS, new RateLimitSettings.Limits(uploads.perIdentity(), uploads.perAddress()));
        limits.put(RouteGroup.PREDICTIONS, new RateLimitSettings.Limits(predictions.perIdentity(), predictions.perAddress()));
        limits.put(RouteGroup.OTHER, new RateLimitSettings.Limits(other.perIdentity(), other.perAddress()));
        return new RateLimitSettings(enabled, limits);
    }

    public static FieldErrors validate(RateLimits value) {
        FieldErrors errors = new FieldErrors();
        errors.required("enabled", value.enabled(), "false turns every rate limit off");
        Limit[] limits = {value.login(), value.uploads(), value.predictions(), value.other()};
        String[] groups = {"login", "uploads", "predictions", "other"};
        for (int i = 0; i < limits.length; i++) {
            if (errors.required(groups[i], limits[i], "an object with perIdentity and perAddress")) {
                limits[i].check(groups[i], errors);
            }
        }
        if (value.login() != null && value.login().perIdentity() != null && value.login().perIdentity() != 0) {
            errors.add("login.perIdentity", "must be 0: the login routes come before identity, so only perAddress counts");
        }
        return errors;
    }
}
