package io.vigil.server.core;

import java.util.List;

/** One page of a list answer; {@code page} counts from 1, {@code pages} is the number of pages. */
public record Page<T>(List<T> items, int page, int size, long total, int pages) {
    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        return new Page<>(items, page, size, total, size == 0 ? 0 : (int) ((total + size - 1) / size));
    }
}
