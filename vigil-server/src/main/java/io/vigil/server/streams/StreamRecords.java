package io.vigil.server.streams;

import io.vigil.server.core.FieldError;
import io.vigil.server.serving.scoring.RowOutcome;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records a stream writes: a verdict (to the output or alerts topic, keyed like its input, with the
 * prediction id in header {@code vigil-prediction-id}) and a dead letter (the input's key and bytes
 * unchanged, so it can be sent again, with why and where from in headers).
 */
final class StreamRecords {
    static final String PREDICTION_ID = "vigil-prediction-id";
    static final String ERROR = "vigil-error";
    static final String STREAM = "vigil-stream";
    static final String SOURCE_TOPIC = "vigil-source-topic";
    static final String SOURCE_PARTITION = "vigil-source-partition";
    static final String SOURCE_OFFSET = "vigil-source-offset";
    /** A reason is cut to this many characters: a header, not a report. */
    static final int MAX_REASON = 2_000;

    private StreamRecords() {}

    static ProducerRecord<byte[], byte[]> verdict(String topic, ConsumerRecord<byte[], byte[]> in, UUID predictionId, byte[] json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(PREDICTION_ID, predictionId.toString().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, in.key(), json, headers);
    }

    static ProducerRecord<byte[], byte[]> deadLetter(String topic, String stream, ConsumerRecord<byte[], byte[]> in, String reason) {
        RecordHeaders headers = new RecordHeaders();
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        headers.add(ERROR, cut.getBytes(StandardCharsets.UTF_8));
        headers.add(STREAM, stream.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_TOPIC, in.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_PARTITION, Integer.toString(in.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_OFFSET, Long.toString(in.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(PREDICTION_ID, StreamVerdict.idOf(stream, in.topic(), in.partition(), in.offset()).toString()
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, in.key(), in.value(), headers);
    }

    /** Why serving refused a record, field by field, as one line. */
    static String reason(RowOutcome refused) {
        StringBuilder out = new StringBuilder(refused.error().detail() == null ? "refused" : refused.error().detail());
        if (refused.error().errors() != null) {
            for (FieldError e : refused.error().errors()) {
                out.append("; ").append(e.field()).append(": ").append(e.message());
            }
        }
        return out.toString();
    }
}
