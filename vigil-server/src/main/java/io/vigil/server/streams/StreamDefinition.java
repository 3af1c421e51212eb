package io.vigil.server.streams;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.regex.Pattern;

/**
 * One Kafka stream Vigil scores: JSON events read from {@code inputTopic} by a consumer of group
 * {@code groupId} (so the instances of one Vigil share its partitions), scored with the model deployed to
 * {@code modelType}, each verdict written to {@code outputTopic}, high-threat ones also to {@code alertsTopic},
 * records that cannot be scored to {@code deadLetterTopic}.
 *
 * @param name            the stream's name: {@code /ml/streams/{name}}, a meter label
 * @param bootstrapServers the brokers; null: the section's (and {@code kafka.bootstrapServers})
 * @param groupId         the consumer group; null: {@code vigil-stream-<name>}
 * @param alertsTopic     null: no alerts topic
 * @param explain         each verdict carries its explanation (costs a TreeSHAP per record)
 * @param batchSize       at most this many records scored together (and polled at once); null: {@link #DEFAULT_BATCH}
 * @param maxInFlight     at most this many records scored but not yet acknowledged by the brokers before the
 *                        consumer pauses its partitions; null: {@link #DEFAULT_IN_FLIGHT}
 * @param scoringThreads  threads that score this stream's records on each instance, each partition's records in order on one of
 *                        them; null: {@link #defaultThreads()} (more threads than partitions held add nothing)
 * @param alertLevel      {@code event} (default): a verdict goes to the alerts topic when it is a security event (its threat
 *                        at or above the model type's {@code event} threshold of the {@code thresholds} section, or a rule
 *                        fired); {@code critical}: only at or above the type's {@code critical} threshold
 * @param enabled         false: configured but not consumed
 */
public record StreamDefinition(String name, String inputTopic, String outputTopic, String alertsTopic, String deadLetterTopic,
                               String modelType, String bootstrapServers, String groupId, Boolean explain, Integer batchSize,
                               Integer maxInFlight, Integer scoringThreads, String alertLevel, Boolean enabled) {
    public static final int DEFAULT_BATCH = 500;
    public static final int DEFAULT_IN_FLIGHT = 20_000;
    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public String group() {
        return groupId == null || groupId.isBlank() ? "vigil-stream-" + name : groupId;
    }

    public boolean explains() {
        return Boolean.TRUE.equals(explain);
    }

    public int batch() {
        return batchSize == null ? DEFAULT_BATCH : batchSize;
    }

    public int threads() {
        return scoringThreads == null ? defaultThreads() : scoringThreads;
    }

    /** The processors this JVM may use, at most 8: a stream shares the instance with serving and the others. */
    public static int defaultThreads() {
        return Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    public int inFlight() {
        return maxInFlight == null ? DEFAULT_IN_FLIGHT : maxInFlight;
    }

    /** Whether only critical verdicts are alerts ({@code alertLevel: critical}). */
    public boolean criticalOnly() {
        return "critical".equals(alertLevel);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** The brokers this stream reads and writes: its own, else {@code fallback}. */
    public String brokers(String fallback) {
        return bootstrapServers == null || bootstrapServers.isBlank() ? fallback : bootstrapServers;
    }

    void check(String at, FieldErrors errors) {
        if (errors.required(at + ".name", name, "the stream's name: lower-case letters, digits, - and _")
                && !NAME.matcher(name).matches()) {
            errors.add(at + ".name", "must be 1-63 lower-case letters, digits, - or _ (starting with a letter or digit); got '" + name + "'");
        }
        topic(at + ".inputTopic", inputTopic, true, errors);
        topic(at + ".outputTopic", outputTopic, true, errors);
        topic(at + ".deadLetterTopic", deadLetterTopic, true, errors);
        topic(at + ".alertsTopic", alertsTopic, false, errors);
        if (errors.required(at + ".modelType", modelType, "the model type whose deployed model scores the stream")) {
            errors.name(at + ".modelType", modelType, RequestLimits.MODEL_NAME_LENGTH);
        }
        if (inputTopic != null && (inputTopic.equals(outputTopic) || inputTopic.equals(deadLetterTopic) || inputTopic.equals(alertsTopic))) {
            errors.add(at + ".inputTopic", "must differ from the output, alerts and dead-letter topics (the stream would read its own output)");
        }
        if (bootstrapServers != null) {
            errors.text(at + ".bootstrapServers", bootstrapServers, 2_000);
        }
        if (groupId != null) {
            errors.text(at + ".groupId", groupId, 249);
        }
        if (alertLevel != null && !alertLevel.equals("event") && !alertLevel.equals("critical")) {
            errors.add(at + ".alertLevel", "must be event or critical; got '" + alertLevel + "'");
        }
        errors.integer(at + ".batchSize", batchSize, 1, 10_000);
        errors.integer(at + ".maxInFlight", maxInFlight, 1, 1_000_000);
        errors.integer(at + ".scoringThreads", scoringThreads, 1, 64);
    }

    private static void topic(String field, String topic, boolean required, FieldErrors errors) {
        if (topic == null) {
            if (required) {
                errors.add(field, "is required: a Kafka topic name");
            }
        } else if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            errors.add(field, "must be a Kafka topic name: 1-249 letters, digits, '.', '_' or '-'; got '" + topic + "'");
        }
    }
}
