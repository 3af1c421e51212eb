package io.vigil.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

    @Test
    void readsTypedEventsSkipsCommentsAndJoinsDataLines() throws Exception {
        EventStreamReader reader = new EventStreamReader(new BufferedReader(new StringReader(
                ": keep-alive\n\nevent: job.progress\ndata: {\"a\":1}\n\ndata: one\ndata:two\nid: 7\n\nevent: job.state\ndata: {}")));

        assertThat(reader.next()).contains(new ServerSentEvent("job.progress", "{\"a\":1}"));
        assertThat(reader.next()).contains(new ServerSentEvent("message", "one\ntwo"));
        assertThat(reader.next()).contains(new ServerSentEvent("job.state", "{}"));
        assertThat(reader.next()).isEmpty();
    }
}
