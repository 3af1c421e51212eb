package io.vigil.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void blockIdsShareAllButTheirLast16BitsAndStayVersion7() {
        UUID first = Uuids.timeOrderedBlock(Instant.parse("2026-11-23T22:01:02.345Z"));
        assertThat(first.getLeastSignificantBits() & 0xFFFF).isZero();
        UUID last = Uuids.inBlock(first, Uuids.BLOCK_ROWS - 1);
        assertThat(last.version()).isEqualTo(7);
        assertThat(last.variant()).isEqualTo(2);
        assertThat(last.toString()).startsWith(first.toString().substring(0, 32)).endsWith("ffff");
        assertThat(Uuids.inBlock(first, 10).toString()).endsWith("000a");
        assertThatThrownBy(() -> Uuids.inBlock(first, Uuids.BLOCK_ROWS)).isInstanceOf(IllegalArgumentException.class);
    }
}
