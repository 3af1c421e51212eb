package io.vigil.server.eventsearch;

/**
 * What the search index holds now.
 *
 * @param state             {@code stopped}, {@code rebuilding} (answers may miss events not yet read back) or {@code ready}
 * @param byMeaning         whether events' texts are embedded and searched by meaning ({@code search.embeddings})
 * @param indexed           events in the index (as of the last refresh)
 * @param pendingEmbeddings events whose text is still to be embedded (0 when search by meaning is off)
 * @param embedded          texts embedded by the model since start
 * @param reused            embeddings reused (stored, or unchanged text) since start instead of embedding again
 */
public record SearchStatus(String state, boolean byMeaning, int indexed, int pendingEmbeddings, long embedded, long reused) {}
