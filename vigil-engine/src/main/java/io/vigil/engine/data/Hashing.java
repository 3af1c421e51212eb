package io.vigil.engine.data;

/**
 * 64-bit hashes of cell text, for exact distinct counting and duplicate-row detection without
 * keeping the strings. FNV-1a over the UTF-16 chars, then the MurmurHash3 finaliser to spread the
 * bits; collisions among a few million values are vanishingly unlikely (about n²/2⁶⁵).
 */
final class Hashing {

    /** The hash of a null cell. */
    static final long NULL = 0x5bd1e9955bd1e995L;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    static long hash(String s) {
        if (s == null) {
            return NULL;
        }
        long h = FNV_OFFSET ^ s.length();
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** Order-sensitive combination of a row's cell hashes. */
    static long combine(long rowHash, long cellHash) {
        return mix(rowHash * 31 + cellHash);
    }

    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
