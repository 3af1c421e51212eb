package io.vigil.server.datasets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's file name is metadata for people and downloads, never a path: Vigil opens files by
 * blob key only. An uploaded name that tries to be a path is refused ({@link #problem}), as sent and
 * in the forms a client or filesystem further on may turn it into (percent-decoded, once or twice;
 * NFKC-folded, where a fullwidth solidus becomes '/'); a download offers only a plain name
 * ({@link #plain}), whatever the dataset was called.
 */
final class FileNames {
    static final int MAX_LENGTH = 255;
    private static final String KEPT_PUNCTUATION = " ._-()+,@~";
    private static final int DECODING_ROUNDS = 3;

    private FileNames() {}

    /** Why {@code name} is not a plain file name, or null when it is one. */
    static String problem(String name) {
        if (name.length() > MAX_LENGTH) {
            return "the file name is longer than " + MAX_LENGTH + " characters";
        }
        for (String form : forms(name)) {
            if (isPathLike(form)) {
                return "the file name must be a plain name: no path separators (/ \\ :), '..', control characters or bytes "
                        + "that are not UTF-8, also once percent-decoded";
            }
        }
        return null;
    }

    /**
     * {@code name} made a plain file name to offer a downloader: its last path segment, letters,
     * digits and a few punctuation marks kept, anything else '_', no '..', no leading or trailing
     * dot; {@code fallback} when nothing is left.
     */
    static String plain(String name, String fallback) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder();
        last.codePoints().forEach(c -> kept.appendCodePoint(
                Character.isLetterOrDigit(c) || KEPT_PUNCTUATION.indexOf(c) >= 0 ? c : '_'));
        String trimmed = kept.toString().replaceAll("\\.{2,}", ".").replaceAll("^[. ]+|[. ]+$", "");
        if (trimmed.length() > MAX_LENGTH) {
            trimmed = trimmed.substring(0, MAX_LENGTH);
        }
        return trimmed.isEmpty() ? fallback : trimmed;
    }

    /** The name as sent, and what percent-decoding and NFKC folding make of it. */
    private static List<String> forms(String name) {
        List<String> forms = new ArrayList<>();
        String form = name;
        for (int round = 0; round <= DECODING_ROUNDS; round++) {
            forms.add(form);
            forms.add(Normalizer.normalize(form, Normalizer.Form.NFKC));
            String decoded = percentDecoded(form);
            if (decoded.equals(form)) {
                break;
            }
            form = decoded;
        }
        return forms;
    }

    private static boolean isPathLike(String form) {
        if (form.contains("..") || form.isBlank() || form.chars().allMatch(c -> c == '.' || c == ' ')) {
            return true;
        }
        return form.chars().anyMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\uFFFD'); // U+FFFD: the header's bytes were not UTF-8 (an overlong '.' or '/', say)
    }

    /** %XX escapes as UTF-8 bytes (malformed bytes become U+FFFD), and IIS's %uXXXX; anything else as is. */
    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s, i + 1, 2)) {
                bytes.write(Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
                continue;
            }
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
            if (c == '%' && i + 5 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U') && isHex(s, i + 2, 4)) {
                out.append((char) Integer.parseInt(s, i + 2, i + 6, 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isHex(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
