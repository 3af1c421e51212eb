package io.vigil.server.serving.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PredictionRecorderTest {

    @Test
    void pastThreeQuartersFullOnlyASampleIsKeptAndTheRestCounted() {
        PredictionRecorder recorder = new PredictionRecorder(null, 8, 1_000_000, false);
        for (int i = 0; i < 6; i++) {
            recorder.offer(new Object(), 1); // what record() does with a single prediction
        }
        assertThat(recorder.queued()).isEqualTo(6);
        assertThat(recorder.dropped()).isZero();
        for (int i = 0; i < 16; i++) {
            recorder.offer(new Object(), 1); // what record() does with a single prediction // 1 in 8 kept: 2 of these 16
        }
        assertThat(recorder.queued()).isEqualTo(8);
        assertThat(recorder.dropped()).isEqualTo(14);
        recorder.offer(new Object(), 1); // what record() does with a single prediction // queue full now: dropped whatever the sample says
        assertThat(recorder.queued()).isEqualTo(8);
        assertThat(recorder.dropped()).isEqualTo(15);
    }

    @Test
    void theBoundCountsPredictionsSoABatchThatDoesNotFitIsDroppedWhole() {
        PredictionRecorder recorder = new PredictionRecorder(null, 8, 1_000_000, false);
        recorder.offer(new Object(), 1); // what record() does with a single prediction
        recorder.offer(new Object(), 5); // what record(batch) does with a batch of 5
        assertThat(recorder.queued()).isEqualTo(6);
        recorder.offer(new Object(), 3); // 9 > 8
        assertThat(recorder.queued()).isEqualTo(6);
        assertThat(recorder.dropped()).isEqualTo(3);
    }

    @Test
    void theLogTakesAtMostItsRateAndLeavesTheRestOutCounted() {
        PredictionRecorder recorder = new PredictionRecorder(null, 100_000, 1_000, false);
        long start = System.nanoTime();
        for (int i = 0; i < 3_000; i++) {
            recorder.offer(new Object(), 1); // what record() does with a single prediction
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // one second's worth at once, plus what the rate earned while the loop ran
        assertThat(recorder.queued()).isBetween(1_000, 1_001 + (int) elapsedMs);
        assertThat(recorder.dropped()).isEqualTo(3_000 - recorder.queued());
    }

    @Test
    void aRecordLargerThanASecondsWorthGoesWhenTheBudgetIsFreeThenTheRateCatchesUp() {
        PredictionRecorder recorder = new PredictionRecorder(null, 100_000, 1_000, false);
        recorder.offer(new Object(), 5_000);
        assertThat(recorder.queued()).isEqualTo(5_000);
        recorder.offer(new Object(), 1); // what record() does with a single prediction // the next five seconds' budget is spent
        assertThat(recorder.queued()).isEqualTo(5_000);
        assertThat(recorder.dropped()).isEqualTo(1);
    }
}
