package io.vigil.server.outbound;

import java.nio.charset.StandardCharsets;

/**
 * The answer an outbound call got, whatever its status (a 500 from a webhook is an answer).
 *
 * @param target    {@code scheme://host:port} of the hop that answered
 * @param redirects how many redirects were followed to get it
 * @param body      the whole body, at most {@code outbound.maxResponseKb}
 */
public record OutboundResponse(int status, String contentType, byte[] body, String target, int redirects) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OutboundResponse[" + status + " from " + target + ", " + body.length + " bytes, " + redirects + " redirects]";
    }
}
