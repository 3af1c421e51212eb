package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void randomIdsAreVersion4AndDistinct() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = Uuids.random();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void timeOrderedIdsCarryTheirMillisecondAndSortByIt() {
        Instant at = Instant.parse("2026-11-23T22:01:02.345Z");
        UUID id = Uuids.timeOrdered(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        UUID later = Uuids.timeOrdered(at.plusMillis(1));
        // PostgreSQL compares uuids as unsigned bytes, i.e. as their text sorts
        assertThat(later.toString()).isGreaterThan(id.toString());
    }
}
