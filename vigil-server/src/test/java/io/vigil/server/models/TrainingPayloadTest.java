package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A training job's payload is a record read and written by the one mapper, with the field names
 * the job stored before it was one: jobs queued by an older version still run after an upgrade.
 */
class TrainingPayloadTest {
    private static final UUID DATASET = UUID.fromString("6f1c2a8e-0b5e-4d43-9a55-1f0c3e7d2b11");
    private static final UUID HOLDOUT = UUID.fromString("0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b");

    @Test
    void aPayloadAnOlderVersionQueuedReadsAsItWasMeant() {
        // written key by key by the training service before the payload was a record
        JsonNode stored = Json.readTree("{\"seed\": 7, \"datasetId\": \"" + DATASET + "\", \"trainTestSplit\": 0.3,"
                + " \"hyperparameters\": {\"rounds\": 20, \"eta\": 0.1}}");
        TrainingPayload p = TrainingPayload.of(stored);
        assertThat(p.datasetId()).isEqualTo(DATASET);
        assertThat(p.validationDatasetId()).isNull();
        assertThat(p.trainTestSplit()).isEqualTo(0.3);
        assertThat(p.hyperparameters()).containsExactly(Map.entry("rounds", 20), Map.entry("eta", 0.1));
        assertThat(p.tuning()).isNull();
        assertThat(p.seed()).isEqualTo(7L);
        assertThat(asStored(p)).as("written back the same").isEqualTo(stored);
    }

    @Test
    void aTunedPayloadOnASeparateDatasetKeepsItsNamesAndItsSearch() {
        JsonNode stored = Json.readTree("{\"datasetId\": \"" + DATASET + "\", \"validationDatasetId\": \"" + HOLDOUT + "\","
                + " \"hyperparameters\": {}, \"tuning\": {\"method\": null, \"space\": {\"max_depth\": [2, 3]}, \"trials\": null,"
                + " \"folds\": 2, \"metric\": \"accuracy\"}, \"seed\": 42}");
        TrainingPayload p = TrainingPayload.of(stored);
        assertThat(p.validationDatasetId()).isEqualTo(HOLDOUT);
        assertThat(p.trainTestSplit()).as("no hold-out with a separate dataset").isNull();
        assertThat(p.tuning()).isEqualTo(new Tuning(null, Map.of("max_depth", List.of(2, 3)), null, 2, "accuracy"));
        assertThat(asStored(p)).isEqualTo(stored);
    }

    @Test
    void whatTheJobAlwaysDefaultedItStillDefaultsAndFieldsItDoesNotKnowAreIgnored() {
        TrainingPayload p = TrainingPayload.of(Json.readTree("{\"datasetId\": \"" + DATASET + "\", \"retired\": true}"));
        assertThat(p.trainTestSplit()).isEqualTo(TrainingPayload.DEFAULT_SPLIT);
        assertThat(p.seed()).isEqualTo(TrainingPayload.DEFAULT_SEED);
        assertThat(p.hyperparameters()).isEmpty();
    }

    @Test
    void aNewPayloadIsWrittenWithTheStoredNamesOnly() {
        TrainingPayload p = new TrainingPayload(DATASET, null, null, Map.of("rounds", 5), null, null);
        assertThat(asStored(p)).isEqualTo(Json.readTree("{\"datasetId\": \"" + DATASET + "\", \"trainTestSplit\": 0.2,"
                + " \"hyperparameters\": {\"rounds\": 5}, \"seed\": 42}"));
    }

    /** The payload as the jobs table keeps it and gives it back (numbers read as the smallest type that holds them). */
    private static JsonNode asStored(TrainingPayload p) {
        return Json.readTree(Json.write(p.toJson()));
    }
}
