package io.vigil.server.streams;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /ml/streams} shows of one stream on the instance that answers: its definition, the
 * state of this instance's consumer, the lag of each partition it holds, its rate and its counts since it started.
 *
 * @param state    {@code running}, {@code backpressure} (partitions paused while too many scored records wait for
 *                 the brokers), {@code starting}, {@code retrying} (after an error; see {@code lastError}),
 *                 {@code disabled} (configured, not consumed) or {@code stopped}
 * @param lag      the sum of the partitions' lags (records behind the end of each partition this consumer holds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamStatus(String name, StreamDefinition definition, String group, String state, List<PartitionLag> partitions,
                           long lag, double recordsPerSecond, long consumed, long scored, long alerts, long deadLettered,
                           long errors, LastError lastError) {

    /** One partition this instance's consumer holds, and how far behind its end it is (null: not known yet). */
    public record PartitionLag(int partition, Long lag) {}

    /** The last thing that went wrong, when: a send that failed, a broker out of reach, a failed scoring... */
    public record LastError(Instant at, String message) {}
}
