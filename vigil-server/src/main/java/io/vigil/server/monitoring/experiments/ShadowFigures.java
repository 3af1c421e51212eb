package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a shadow challenger did, all instances added: rows it scored beside the champion, how many
 * of them it agreed on, copies left out because the shadow's queue was full, and copies it could
 * not score (a record it refuses).
 */
public record ShadowFigures(long compared, long agreed, long dropped, long failed) {
    static final ShadowFigures NONE = new ShadowFigures(0, 0, 0, 0);

    /** The share of compared rows on which both versions predicted the same label; null before any. */
    @JsonProperty
    public Double agreementRate() {
        return compared == 0 ? null : (double) agreed / compared;
    }
}
