package io.vigil.server.serving.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sticky assignment: one key always meets one arm, on any instance (the hash is MurmurHash3 as
 * specified, so its values are fixed, not this JVM's), each experiment splits keys its own way, the
 * share is kept, and a request without a key is drawn at random and says so.
 */
class TrafficSplitTest {
    private static final UUID EXPERIMENT = UUID.fromString("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    @Test
    void theHashIsMurmur3AsSpecifiedSoEveryInstanceAgrees() {
        // MurmurHash3_x86_32 reference values (Appleby's SMHasher): "" seed 0 -> 0, "" seed 1 -> 0x514E28B7,
        // "hello" seed 0 -> 0x248BFA47, "Hello, world!" seed 1234 -> 0xFAF6CDB3
        assertThat(TrafficSplit.bucket("", 0)).isEqualTo(0L);
        assertThat(TrafficSplit.bucket("", 1)).isEqualTo(0x514E28B7L);
        assertThat(TrafficSplit.bucket("hello", 0)).isEqualTo(0x248BFA47L);
        assertThat(TrafficSplit.bucket("Hello, world!", 1234)).isEqualTo(0xFAF6CDB3L);
        // a fixed experiment's seed and one key's bucket: what any instance, in any JVM, computes
        assertThat(TrafficSplit.seedOf(EXPERIMENT)).isEqualTo(TrafficSplit.seedOf(UUID.fromString(EXPERIMENT.toString())));
    }

    @Test
    void aKeyAlwaysMeetsTheSameArmAndTwoInstancesAgree() {
        TrafficSplit one = split(0.3, "src_ip");
        TrafficSplit other = split(0.3, "src_ip"); // another instance built it from the same row
        for (int i = 0; i < 2_000; i++) {
            String host = "10.0." + (i / 256) + "." + (i % 256);
            ExperimentArm first = one.assign(host);
            for (int again = 0; again < 3; again++) {
                assertThat(one.assign(host)).isSameAs(first);
            }
            assertThat(other.assign(host)).isEqualTo(first);
            assertThat(first.assignment()).isEqualTo(ExperimentArm.STICKY);
        }
    }

    @Test
    void theChallengersShareIsKeptAndEachExperimentSplitsKeysItsOwnWay() {
        TrafficSplit a = split(0.1, "src_ip");
        TrafficSplit b = new TrafficSplit(UUID.randomUUID(), "intrusion", UUID.randomUUID(), 1, UUID.randomUUID(), 2,
                TrafficSplit.Mode.AB, 0.1, "src_ip");
        int toChallenger = 0;
        int both = 0;
        int keys = 100_000;
        for (int i = 0; i < keys; i++) {
            String host = "host-" + i;
            boolean inA = a.assign(host).arm() == Arm.CHALLENGER;
            toChallenger += inA ? 1 : 0;
            both += inA && b.assign(host).arm() == Arm.CHALLENGER ? 1 : 0;
        }
        assertThat(toChallenger / (double) keys).isCloseTo(0.1, within(0.005));
        assertThat(both / (double) keys).as("independent splits: 0.1 x 0.1").isCloseTo(0.01, within(0.002));
    }

    @Test
    void aNumberIsTheSameKeyHoweverJsonWroteIt() {
        TrafficSplit s = split(0.5, "sensor");
        for (long n = 0; n < 200; n++) {
            assertThat(s.assign((double) n)).isSameAs(s.assign(n)).isSameAs(s.assign(Long.toString(n)));
        }
    }

    @Test
    void withoutAKeyEachRequestIsDrawnAtRandomAndSaysSo() {
        TrafficSplit s = split(0.5, "src_ip");
        int challenger = 0;
        for (int i = 0; i < 4_000; i++) {
            ExperimentArm arm = s.assign(i % 2 == 0 ? null : " ");
            assertThat(arm.assignment()).isEqualTo(ExperimentArm.RANDOM);
            challenger += arm.arm() == Arm.CHALLENGER ? 1 : 0;
        }
        assertThat(challenger / 4000.0).isCloseTo(0.5, within(0.05));
    }

    @Test
    void shadowModeCopiesTheShareAndTheChampionAnswers() {
        TrafficSplit s = new TrafficSplit(EXPERIMENT, "intrusion", UUID.randomUUID(), 1, UUID.randomUUID(), 2, TrafficSplit.Mode.SHADOW,
                1.0, "header:X-Sensor");
        assertThat(s.stickyHeader()).isEqualTo("X-Sensor");
        assertThat(s.stickyField()).isNull();
        ExperimentArm arm = s.assign("sensor-7");
        assertThat(arm.arm()).isEqualTo(Arm.SHADOW);
        assertThat(s.championOf(arm).arm()).isEqualTo(Arm.CHAMPION);
        assertThat(s.championOf(arm).assignment()).isEqualTo(ExperimentArm.STICKY);
    }

    private static TrafficSplit split(double share, String key) {
        return new TrafficSplit(EXPERIMENT, "intrusion", UUID.randomUUID(), 1, UUID.randomUUID(), 2, TrafficSplit.Mode.AB, share, key);
    }
}
