package io.vigil.server.monitoring.experiments;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.serving.models.TrafficSplit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /ml/experiments}: a challenger version against the champion deployed for
 * {@code modelType}. Left out: {@code mode} ab, {@code split} 0.1 (ab) or 1 (shadow: every
 * prediction copied), no sticky key (each request drawn at random), {@code primaryMetric}
 * accuracy, {@code minSamples} 500 feedback per arm, {@code alpha} 0.05, no automatic decision, no
 * maximum duration.
 *
 * @param stickyKey          a field of the predicted record (e.g. {@code src_ip}), or {@code header:<Name>}
 * @param positiveClass      the attack class precision, recall and F1 are of (default: every class but the normal one)
 * @param maxDurationMinutes past it without a significant difference, the experiment ends inconclusive
 */
public record ExperimentRequest(String name, String modelType, VersionRef champion, VersionRef challenger, String mode, Double split,
                                String stickyKey, String primaryMetric, String positiveClass, Integer minSamples, Double alpha,
                                Boolean autoPromote, Boolean autoStop, Integer maxDurationMinutes) {
    static final String AB = "ab";
    static final String SHADOW = "shadow";
    static final int MIN_SAMPLES_DEFAULT = 500;
    static final int MIN_SAMPLES_MAX = 10_000_000;
    static final int MAX_DURATION_MINUTES = 90 * 24 * 60;
    /** A header name: an RFC 9110 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

    /** The fields' own shapes and ranges, before the registry is asked anything. */
    void check(FieldErrors errors) {
        if (errors.required("name", name, "name the experiment")) {
            errors.name("name", name, RequestLimits.NAME_LENGTH);
        }
        if (errors.required("modelType", modelType, "the detection slot whose deployed model is the champion")) {
            errors.name("modelType", modelType, RequestLimits.MODEL_NAME_LENGTH);
        }
        version("champion", champion, errors);
        version("challenger", challenger, errors);
        if (champion != null && challenger != null && champion.equals(challenger)) {
            errors.add("challenger", "must be another version than the champion");
        }
        String m = modeOrDefault();
        if (!AB.equals(m) && !SHADOW.equals(m)) {
            errors.add("mode", "must be ab (each request answered by one arm) or shadow (the champion answers, the challenger scores a copy)");
        }
        if (split != null && !(split > 0 && (SHADOW.equals(m) ? split <= 1 : split < 1))) {
            errors.add("split", SHADOW.equals(m) ? "the share of predictions copied to the challenger: above 0, at most 1"
                    : "the challenger's share of the traffic: above 0 and below 1, e.g. 0.1");
        }
        if (stickyKey != null && errors.name("stickyKey", stickyKey, RequestLimits.NAME_LENGTH)) {
            if (stickyKey.isBlank()) {
                errors.add("stickyKey", "a field of the record (e.g. src_ip) or header:<Name>; leave it out to draw each request at random");
            } else if (stickyKey.regionMatches(true, 0, TrafficSplit.HEADER_PREFIX, 0, TrafficSplit.HEADER_PREFIX.length())
                    && !TOKEN.matcher(stickyKey.substring(TrafficSplit.HEADER_PREFIX.length())).matches()) {
                errors.add("stickyKey", "header: must be followed by a header name, e.g. header:X-Sensor-Host");
            }
        }
        if (primaryMetric != null && !java.util.Set.of("accuracy", "precision", "recall", "f1").contains(primaryMetric.toLowerCase(Locale.ROOT))) {
            errors.add("primaryMetric", "must be accuracy, precision, recall or f1 (precision, recall and f1 of the attack class)");
        }
        errors.name("positiveClass", positiveClass, RequestLimits.NAME_LENGTH);
        errors.integer("minSamples", minSamples, 10, MIN_SAMPLES_MAX);
        errors.number("alpha", alpha, 0.001, 0.2);
        errors.integer("maxDurationMinutes", maxDurationMinutes, 1, MAX_DURATION_MINUTES);
    }

    private static void version(String field, VersionRef v, FieldErrors errors) {
        if (errors.required(field, v, "{\"modelId\": ..., \"version\": N}: a trained version of a model of the modelType")) {
            errors.required(field + ".modelId", v.modelId(), "the model's id is required");
            if (errors.required(field + ".version", v.version(), "the version number is required")) {
                errors.integer(field + ".version", v.version(), 1, Integer.MAX_VALUE);
            }
        }
    }

    String modeOrDefault() {
        return mode == null ? AB : mode.toLowerCase(Locale.ROOT);
    }

    double splitOrDefault() {
        return split != null ? split : SHADOW.equals(modeOrDefault()) ? 1.0 : 0.1;
    }

    PrimaryMetric metric() {
        return primaryMetric == null ? PrimaryMetric.ACCURACY : ExperimentRepository.wire(PrimaryMetric.class, primaryMetric);
    }

    int minSamplesOrDefault() {
        return minSamples == null ? MIN_SAMPLES_DEFAULT : minSamples;
    }

    double alphaOrDefault() {
        return alpha == null ? 0.05 : alpha;
    }
}
