package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why a body is not well-formed JSON, or which of the reader's limits it broke, in words of
 * our own with the line and column: the reader's messages are read here (they name its settings
 * and classes), never passed on.
 */
final class JsonSyntaxProblems {
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\('.*?' \\(code (\\d+)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("Unexpected close marker '(.)'");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']*)'");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    /** The problem for a body that is not well-formed JSON, or breaks a limit of the reader. */
    static VigilException of(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return limit(message);
        }
        String reason;
        Matcher character = UNEXPECTED_CHARACTER.matcher(message);
        Matcher token = UNRECOGNIZED_TOKEN.matcher(message);
        Matcher close = CLOSE_MARKER.matcher(message);
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.lookingAt()) {
            return VigilException.badRequest("the body gives the member '" + JsonWords.shortened(duplicate.group(1))
                    + "' more than once" + at(e.getLocation()));
        }
        if (message.contains("UTF-8") || message.contains("UTF-16") || message.contains("UTF-32")) {
            reason = "it is not UTF-8 text";
        } else if (e instanceof JsonEOFException || message.contains("end-of-input")) {
            reason = "it ends before its last object, array or string is closed";
        } else if (message.contains("comment")) {
            reason = "it has a comment, which JSON does not allow";
        } else if (message.contains("Illegal unquoted character")) {
            reason = "a control character inside a string must be escaped (\\n, \\t, \\u0000 ...)";
        } else if (message.contains("character escape")) {
            reason = "a string has an escape sequence JSON does not know";
        } else if (message.contains("numeric value") || message.contains("Leading zeroes") || message.contains("number")) {
            reason = "a number is not written as JSON writes numbers";
        } else if (close.find()) {
            reason = "'" + close.group(1) + "' closes no object or array open there";
        } else if (character.find()) {
            int code = Integer.parseInt(character.group(1));
            reason = "unexpected character " + (code == '\'' ? "' (strings and names take double quotes)" : show(code));
        } else if (token.find()) {
            reason = "unexpected word '" + JsonWords.shortened(token.group(1)) + "' (text takes double quotes; other values are"
                    + " numbers, true, false, null, objects and arrays)";
        } else {
            reason = "it is not well-formed";
        }
        return VigilException.badRequest("the body is not valid JSON: " + reason + at(e.getLocation()));
    }

    /** A limit of {@link RequestLimits} that the body broke. */
    private static VigilException limit(String message) {
        if (message.startsWith("Document nesting depth")) {
            return VigilException.badRequest("the body nests objects and arrays more than " + RequestLimits.JSON_DEPTH + " deep");
        }
        if (message.startsWith("String value length")) {
            return VigilException.tooLarge("a string in the body is longer than " + RequestLimits.JSON_STRING_LENGTH
                    + " characters");
        }
        if (message.startsWith("Number value length") || message.contains("scale")) {
            return VigilException.badRequest("a number in the body is longer than " + RequestLimits.JSON_NUMBER_LENGTH
                    + " characters");
        }
        if (message.startsWith("Name length")) {
            return VigilException.badRequest("a member name in the body is longer than " + RequestLimits.JSON_NAME_LENGTH
                    + " characters");
        }
        return VigilException.tooLarge("the body is too large to read as JSON");
    }


    static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String show(int code) {
        return Character.isISOControl(code) || Character.isWhitespace(code) ? String.format("U+%04X", code)
                : "'" + new String(Character.toChars(code)) + "'";
    }

    private JsonSyntaxProblems() {}
}
