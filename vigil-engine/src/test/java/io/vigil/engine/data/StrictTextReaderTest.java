package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictTextReaderTest {

    private static StrictTextReader reader(byte[] bytes, int maxLineChars) {
        return new StrictTextReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, maxLineChars, false);
    }

    @Test
    void oneCharAtATimeKeepsSurrogatePairsWhole() throws IOException {
        String text = "a\uD83D\uDE00b\né";
        StringBuilder read = new StringBuilder();
        try (StrictTextReader reader = reader(text.getBytes(StandardCharsets.UTF_8), 100)) {
            char[] one = new char[1];
            int n;
            while ((n = reader.read(one, 0, 1)) != -1) {
                assertThat(n).isEqualTo(1);
                read.append(one[0]);
            }
        }
        assertThat(read.toString()).isEqualTo(text);
    }

    @Test
    void lineLimitCountsCharactersNotBytesAndResetsOnEachBreak() throws IOException {
        byte[] ok = "ééé\r\nééé\rééé\n".getBytes(StandardCharsets.UTF_8);
        try (StrictTextReader reader = reader(ok, 3)) {
            assertThat(reader.read(new char[100], 0, 100)).isEqualTo(13); // 3+2+3+1+3+1
        }
        byte[] tooLong = "abc\r\nabcd\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader(tooLong, 3).read(new char[100], 0, 100))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("line 2 is longer than the limit of 3 characters");
    }

    @Test
    void truncatedSequenceAtTheEndIsInvalid() {
        byte[] bytes = {'a', '\n', 'b', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> {
            try (StrictTextReader reader = reader(bytes, 100)) {
                char[] buffer = new char[100];
                while (reader.read(buffer, 0, 100) != -1) {
                    // drain
                }
            }
        }).isInstanceOf(DataFormatException.class).hasMessageStartingWith("invalid UTF-8 at line 2");
    }
}
