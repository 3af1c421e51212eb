package io.vigil.server.storage;

import java.io.IOException;

/** A well-formed key that names no committed blob. */
public class NoSuchBlobException extends IOException {
    private final String key;

    public NoSuchBlobException(String key) {
        super("no such blob: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
