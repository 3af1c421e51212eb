package io.vigil.server.serving.models;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * How a running experiment divides its detection slot's traffic: which arm a request meets, decided
 * by one hash of its sticky key. Immutable and built off the request path, with every answer tag
 * made beforehand, so routing a request allocates nothing but the key's bytes.
 *
 * <p>The arm is MurmurHash3 (x86, 32 bits; commons-codec) of the key's UTF-8 bytes, seeded with
 * the experiment's id, read as a fraction of 2^32: below {@code share}, the challenger (A/B) or a
 * shadow copy (shadow mode). The hash is fixed by its specification, so every instance and every
 * restart sends one key to one arm; the seed makes each experiment draw its own split, so the same
 * hosts do not always meet the challenger. A request without the key is drawn at random, and its
 * answer says so.
 */
public final class TrafficSplit {
    /** Where a sticky key is read: a field of the record, or (spec {@code header:<Name>}) a request header. */
    public static final String HEADER_PREFIX = "header:";
    private static final double TWO_TO_32 = 4_294_967_296.0;

    /** A/B: each request answered by one arm; shadow: the champion answers, the challenger scores a copy. */
    public enum Mode { AB, SHADOW }

    private final UUID experimentId;
    private final String modelType;
    private final UUID championId;
    private final int championVersion;
    private final ModelSelector challenger;
    private final Mode mode;
    private final long threshold; // share x 2^32: a key whose hash is below it is the challenger's (or copied)
    private final String stickyField;
    private final String stickyHeader;
    private final int seed;
    private final ExperimentArm championSticky;
    private final ExperimentArm championRandom;
    private final ExperimentArm challengerSticky;
    private final ExperimentArm challengerRandom;
    private final ExperimentArm shadowSticky;
    private final ExperimentArm shadowRandom;

    /**
     * @param share     A/B: the challenger's share of requests; shadow: the share copied to it (0 to 1)
     * @param stickyKey a field of the record, {@code header:<Name>}, or null (every request at random)
     */
    public TrafficSplit(UUID experimentId, String modelType, UUID championId, int championVersion, UUID challengerId,
                        int challengerVersion, Mode mode, double share, String stickyKey) {
        this.experimentId = experimentId;
        this.modelType = modelType;
        this.championId = championId;
        this.championVersion = championVersion;
        this.challenger = ModelSelector.ofId(challengerId, challengerVersion);
        this.mode = mode;
        this.threshold = (long) Math.floor(share * TWO_TO_32);
        boolean header = stickyKey != null && stickyKey.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length());
        this.stickyHeader = header ? stickyKey.substring(HEADER_PREFIX.length()) : null;
        this.stickyField = header ? null : stickyKey;
        this.seed = seedOf(experimentId);
        this.championSticky = new ExperimentArm(experimentId, Arm.CHAMPION, ExperimentArm.STICKY);
        this.championRandom = new ExperimentArm(experimentId, Arm.CHAMPION, ExperimentArm.RANDOM);
        this.challengerSticky = new ExperimentArm(experimentId, Arm.CHALLENGER, ExperimentArm.STICKY);
        this.challengerRandom = new ExperimentArm(experimentId, Arm.CHALLENGER, ExperimentArm.RANDOM);
        this.shadowSticky = new ExperimentArm(experimentId, Arm.SHADOW, ExperimentArm.STICKY);
        this.shadowRandom = new ExperimentArm(experimentId, Arm.SHADOW, ExperimentArm.RANDOM);
    }

    public UUID experimentId() {
        return experimentId;
    }

    public String modelType() {
        return modelType;
    }

    public Mode mode() {
        return mode;
    }

    /** The challenger, as the resolver finds it (its answer is cached like any other). */
    public ModelSelector challenger() {
        return challenger;
    }

    /** The record field that holds the sticky key, or null. */
    public String stickyField() {
        return stickyField;
    }

    /** The request header that holds the sticky key, or null. */
    public String stickyHeader() {
        return stickyHeader;
    }

    /**
     * Whether {@code model}, what the slot resolves to now, is still this experiment's champion. When
     * a deploy or rollback has put another version in place, the experiment no longer routes (it is
     * ended at its next evaluation), so no prediction is ever credited to the wrong arm.
     */
    public boolean championIs(LoadedModel model) {
        return model.ref().version() == championVersion && model.ref().id().equals(championId);
    }

    /**
     * The arm a request with sticky key {@code key} (a record's field value or a header; null when the
     * request has none) meets: A/B, the arm that answers it; shadow, {@link Arm#SHADOW} when the
     * challenger scores a copy, else the champion alone.
     */
    public ExperimentArm assign(Object key) {
        String text = keyText(key);
        boolean drawn = text == null ? ThreadLocalRandom.current().nextDouble() * TWO_TO_32 < threshold
                : bucket(text, seed) < threshold;
        if (text == null) {
            return drawn ? (mode == Mode.AB ? challengerRandom : shadowRandom) : championRandom;
        }
        return drawn ? (mode == Mode.AB ? challengerSticky : shadowSticky) : championSticky;
    }

    /** What the champion's own answer says in shadow mode (it answered; the copy is the shadow's). */
    public ExperimentArm championOf(ExperimentArm assigned) {
        return ExperimentArm.STICKY.equals(assigned.assignment()) ? championSticky : championRandom;
    }

    /** The shadow copy's tag for a champion answer tagged {@code champion}. */
    public ExperimentArm shadowOf(ExperimentArm champion) {
        return ExperimentArm.STICKY.equals(champion.assignment()) ? shadowSticky : shadowRandom;
    }

    /** A key's hash under {@code seed}, as an unsigned 32-bit number: the same on every instance. */
    public static long bucket(String key, int seed) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash32x86(bytes, 0, bytes.length, seed) & 0xFFFF_FFFFL;
    }

    /** The hash seed of an experiment: its id folded to 32 bits. */
    public static int seedOf(UUID experimentId) {
        long folded = experimentId.getMostSignificantBits() ^ experimentId.getLeastSignificantBits();
        return (int) (folded ^ (folded >>> 32));
    }

    /**
     * A key value as text, the same whichever way JSON wrote it: a whole number without its ".0";
     * null, blank or absent is no key.
     */
    static String keyText(Object key) {
        if (key == null) {
            return null;
        }
        if (key instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        String text = key.toString();
        return text.isBlank() ? null : text;
    }
}
