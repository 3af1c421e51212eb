package io.vigil.server.storage.crypto;

/**
 * One encrypted blob's data key, wrapped, and what the blob holds in plain form.
 *
 * @param blobKey the blob's key (the SHA-256 of its stored, encrypted bytes)
 * @param keyId   the id of the master key that wrapped the data key
 * @param wrapped the wrapped data key
 * @param sha256  the SHA-256 of the plaintext, 64 lowercase hex digits
 * @param size    the plaintext's size in bytes
 */
public record DataKey(String blobKey, String keyId, byte[] wrapped, String sha256, long size) {}
