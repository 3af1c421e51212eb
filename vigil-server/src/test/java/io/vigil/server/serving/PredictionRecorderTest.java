package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PredictionRecorderTest {
    private static final PredictionRecord RECORD = new PredictionRecord(java.time.Instant.now(), null, java.util.Map.of(), null);

    @Test
    void pastThreeQuartersFullOnlyASampleIsKeptAndTheRestCounted() {
        PredictionRecorder recorder = new PredictionRecorder(null, 8, false);
        for (int i = 0; i < 6; i++) {
            recorder.record(RECORD);
        }
        assertThat(recorder.queued()).isEqualTo(6);
        assertThat(recorder.dropped()).isZero();
        for (int i = 0; i < 16; i++) {
            recorder.record(RECORD); // 1 in 8 kept: 2 of these 16
        }
        assertThat(recorder.queued()).isEqualTo(8);
        assertThat(recorder.dropped()).isEqualTo(14);
        recorder.record(RECORD); // queue full now: dropped whatever the sample says
        assertThat(recorder.queued()).isEqualTo(8);
        assertThat(recorder.dropped()).isEqualTo(15);
    }

    @Test
    void theBoundCountsPredictionsSoABatchThatDoesNotFitIsDroppedWhole() {
        PredictionRecorder recorder = new PredictionRecorder(null, 8, false);
        recorder.record(RECORD);
        recorder.offer(new Object(), 5); // what record(batch) does with a batch of 5
        assertThat(recorder.queued()).isEqualTo(6);
        recorder.offer(new Object(), 3); // 9 > 8
        assertThat(recorder.queued()).isEqualTo(6);
        assertThat(recorder.dropped()).isEqualTo(3);
    }
}
