package io.vigil.server.eventsearch;

import java.util.List;

/**
 * The answer to a search in words.
 *
 * @param query             the query as given
 * @param embeddedText      the words left once the filter words were read, which were embedded; empty when none
 *                          were left (then {@code hits} are the newest events the filters accept)
 * @param readFilters       the filters read from the words
 * @param filters           the filters applied: the caller's and those read
 * @param hits              the events, most similar first (or newest first)
 * @param pendingEmbeddings events indexed whose text is not embedded yet, so not findable by words for now
 */
public record SearchAnswer(String query, String embeddedText, List<ReadFilter> readFilters, SearchFilters filters, List<SearchHit> hits,
                           int pendingEmbeddings) {}
