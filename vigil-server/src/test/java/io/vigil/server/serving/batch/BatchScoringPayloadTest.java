package io.vigil.server.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.core.Json;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchScoringPayloadTest {
    static final UUID MODEL = UUID.fromString("0190f3a2-7c1e-7b3d-9a10-5b2c3d4e5f60");
    static final UUID DATASET = UUID.fromString("0190f3a2-7c1e-7b3d-9a10-5b2c3d4e5f61");

    @Test
    void aJobQueuedByAnOlderVersionIsReadAsItsPayload() {
        // as PostgreSQL hands back the jsonb an older version wrote key by key
        String stored = "{\"version\": 3, \"modelId\": \"" + MODEL + "\", \"datasetId\": \"" + DATASET + "\"}";
        BatchScoringJob.Payload p = BatchScoringJob.Payload.of(Json.readTree(stored));
        assertThat(p).isEqualTo(new BatchScoringJob.Payload(MODEL, 3, DATASET));
    }

    @Test
    void itIsWrittenAsOlderVersionsWroteIt() {
        assertThat(Json.write(new BatchScoringJob.Payload(MODEL, 3, DATASET).toJson()))
                .isEqualTo("{\"modelId\":\"" + MODEL + "\",\"version\":3,\"datasetId\":\"" + DATASET + "\"}");
    }
}
