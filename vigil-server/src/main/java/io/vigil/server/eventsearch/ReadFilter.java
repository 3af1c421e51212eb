package io.vigil.server.eventsearch;

/**
 * A filter read from a query's words.
 *
 * @param filter  {@code time}, {@code severity}, {@code divergent}, {@code ruleFired} or {@code modelType}
 * @param words   the words it was read from, as typed
 * @param value   what they mean: an ISO-8601 interval {@code from/to}, severities joined by commas, {@code true}, a model type
 * @param applied false when the caller's own filter for the same field was kept instead
 */
public record ReadFilter(String filter, String words, String value, boolean applied) {}
