package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeysTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void acceptsWellFormedKey() {
        assertThat(BlobKeys.requireValid("sha256/" + HEX)).isEqualTo(HEX);
        assertThat(BlobKeys.isValid("sha256/0123456789abcdef" + "0".repeat(48))).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", "../../etc/passwd", "sha256/../x", "sha256/../../" + "a", "/etc/passwd",
            "sha256/" + "A" + "a", // uppercase, short
            "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "SHA256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",   // 63
            "sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 65
            "sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag",  // not hex
            "sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
            " sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256//aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256\\aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "md5/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sha256/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u0000",
            "sha256/%2e%2e%2faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsAnythingElse(String key) {
        assertThat(BlobKeys.isValid(key)).isFalse();
        assertThatThrownBy(() -> BlobKeys.requireValid(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStoreMethodRejectsBadKeysBeforeTouchingTheDisk(@TempDir Path dir) {
        LocalBlobStore store = new LocalBlobStore(dir);
        for (String bad : new String[] {"../../etc/passwd", "sha256/../x", "sha256/" + HEX.toUpperCase()}) {
            assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void errorMessageDoesNotEchoControlCharacters() {
        assertThatThrownBy(() -> BlobKeys.requireValid("x\r\nforged log line"))
                .hasMessageNotContaining("\n").hasMessageNotContaining("\r");
    }
}
