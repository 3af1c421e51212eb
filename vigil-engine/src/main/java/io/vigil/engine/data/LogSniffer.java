package io.vigil.engine.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Recognises the security logs read by {@link LogLineRowSource} from their first non-blank line:
 * <ul>
 *   <li>EVE: a JSON object with {@code timestamp} and {@code event_type} strings at its top level;</li>
 *   <li>Cowrie: a JSON object whose {@code eventid} is a string starting with {@code cowrie.};</li>
 *   <li>CEF: {@code CEF:<digits>|} at the start of the line or after a syslog prefix;</li>
 *   <li>LEEF: {@code LEEF:1.0|} or {@code LEEF:2.0|} likewise.</li>
 * </ul>
 * Anything else is left to the other rules of {@link FormatSniffer}.
 */
final class LogSniffer {

    private static final Pattern CEF = Pattern.compile("(?:^|[\\s>])CEF:\\d{1,3}\\|");
    private static final Pattern LEEF = Pattern.compile("(?:^|[\\s>])LEEF:[12](?:\\.0)?\\|");
    private static final JsonFactory JSON = new JsonFactory();

    private LogSniffer() {
    }

    /** The log format of the head's first non-blank line, or null when it is none of them. */
    static DataFormat sniff(String head) {
        String first = firstLine(head);
        if (first == null) {
            return null;
        }
        if (first.startsWith("{")) {
            return jsonEventLog(first);
        }
        if (CEF.matcher(first).find()) {
            return DataFormat.CEF;
        }
        if (LEEF.matcher(first).find()) {
            return DataFormat.LEEF;
        }
        return null;
    }

    private static String firstLine(String head) {
        for (String line : head.split("\r\n|\r|\n", 50)) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return null;
    }

    /** Reads the top-level string fields that tell EVE and Cowrie apart from other JSON Lines. */
    private static DataFormat jsonEventLog(String line) {
        boolean timestamp = false;
        boolean eventType = false;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "timestamp" -> timestamp = true;
                        case "event_type" -> eventType = true;
                        case "eventid" -> {
                            if (parser.getText().startsWith("cowrie.")) {
                                return DataFormat.COWRIE;
                            }
                        }
                        default -> { }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return null; // not one whole JSON object: not ours to judge
        }
        return timestamp && eventType ? DataFormat.EVE : null;
    }
}
