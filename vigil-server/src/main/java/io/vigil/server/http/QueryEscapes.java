package io.vigil.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a query string's percent-escapes can be read. Javalin drops a parameter whose value it
 * cannot decode, without a word: {@code ?force=%zz} would read as no {@code force} at all, a filter
 * as no filter. So a query with a '%' not followed by two hex digits (IIS's {@code %u002e} among
 * them), or whose escapes are not UTF-8 (an overlong {@code %c0%ae} for '.'), is refused whole.
 */
final class QueryEscapes {
    private QueryEscapes() {}

    /** What is wrong with {@code query}'s escapes, in the caller's terms, or null. */
    static String problem(String query) {
        if (query == null || query.indexOf('%') < 0) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(query.length() * 3);
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '%') {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0 || Character.digit(query.charAt(i + 2), 16) < 0) {
                return "the query has a '%' not followed by two hex digits at character " + (i + 1)
                        + "; escape a literal '%' as %25";
            }
            bytes.put((byte) Integer.parseInt(query, i + 1, i + 3, 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.flip());
            return null;
        } catch (CharacterCodingException e) {
            return "the query's escapes are not UTF-8 (percent-encode the UTF-8 bytes of each character)";
        }
    }
}
