package io.vigil.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle), written as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=3,p=1$salt$hash}): the parameters travel with each hash, so they
 * can be raised later and old hashes still verify ({@link #needsRehash} says when a login should
 * store a stronger one). The default costs about 50-130 ms on two shared cores: slow for a guesser,
 * unnoticed at a login. Comparison is constant-time.
 */
public final class PasswordHasher {
    /** The cost a new hash gets: 19 MiB, 3 passes, 1 lane (above OWASP's minimum of 19 MiB x 2). */
    public record Cost(int memoryKiB, int iterations, int parallelism) {
        public static final Cost DEFAULT = new Cost(19 * 1024, 3, 1);

        boolean below(Cost other) {
            return memoryKiB < other.memoryKiB || iterations < other.iterations || parallelism < other.parallelism;
        }
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // generous bounds: a stored hash never makes a login allocate gigabytes or loop for minutes
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_ITERATIONS = 100;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{16,})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();

    private final Cost cost;

    public PasswordHasher() {
        this(Cost.DEFAULT);
    }

    public PasswordHasher(Cost cost) {
        this.cost = cost;
    }

    /** A new hash of {@code password}, with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] hash = argon2(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code encoded} was made from; false for anything not a hash of ours. */
    public boolean verify(String password, String encoded) {
        Matcher m = encoded == null ? null : PHC.matcher(encoded);
        if (m == null || !m.matches()) {
            return false;
        }
        Cost stored = new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        if (stored.memoryKiB() > MAX_MEMORY_KIB || stored.iterations() > MAX_ITERATIONS || stored.parallelism() < 1
                || stored.iterations() < 1 || stored.memoryKiB() < 8 * stored.parallelism()) {
            return false;
        }
        byte[] salt = B64_IN.decode(m.group(4));
        byte[] expected = B64_IN.decode(m.group(5));
        return MessageDigest.isEqual(argon2(password, salt, stored, expected.length), expected);
    }

    /** Whether {@code encoded} was made with less than today's cost: a successful login then stores a new hash. */
    public boolean needsRehash(String encoded) {
        Matcher m = PHC.matcher(encoded);
        return !m.matches() || new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))).below(cost);
    }

    private static byte[] argon2(String password, byte[] salt, Cost cost, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
