package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argon2id hashes as PHC strings: salted, verified in constant time, parameters kept with each hash. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery staple")).as("a fresh salt each time").isNotEqualTo(hash);
    }

    @Test
    void anOlderHashStillVerifiesAndAsksToBeRehashed() {
        PasswordHasher weaker = new PasswordHasher(new PasswordHasher.Cost(8 * 1024, 1, 1));
        String old = weaker.hash("an old password here");
        assertThat(hasher.verify("an old password here", old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("a new password here"))).isFalse();
    }

    @Test
    void anythingButOurHashIsNoMatchAndAbsurdCostsAreNotComputed() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "plain text")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse(); // bcrypt: not ours
        long start = System.nanoTime();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=999999999,t=3,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).as("a stored hash cannot make a login allocate a gigabyte").isLessThan(100);
    }

    @Test
    void oneHashCostsTensOfMilliseconds() {
        hasher.hash("warm up the code path");
        long start = System.nanoTime();
        int n = 5;
        for (int i = 0; i < n; i++) {
            hasher.hash("a password of ordinary length " + i);
        }
        long ms = (System.nanoTime() - start) / 1_000_000 / n;
        System.out.println("Argon2id (19 MiB, t=3, p=1): " + ms + " ms per hash");
        assertThat(ms).as("slow enough for a guesser, fast enough for a login").isBetween(10L, 2_000L);
    }
}
