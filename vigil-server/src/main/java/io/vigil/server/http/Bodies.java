package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads JSON request bodies: 415 for another media type, 400 naming the field for bad JSON. */
public final class Bodies {
    private Bodies() {}

    public static <T> T json(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiException.unsupportedMediaType("send a JSON body with Content-Type: application/json; got '" + contentType + "'");
        }
        try {
            byte[] body = ctx.bodyAsBytes();
            if (body.length == 0) {
                throw ApiException.badRequest("the request body is empty; a JSON object is expected");
            }
            return Json.MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e), "unknown field; known fields are " + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw ApiException.invalid(path(e), "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw field.isEmpty() ? ApiException.badRequest("the body must be a JSON object")
                    : e.getTargetType() == null ? ApiException.invalid(field, e.getOriginalMessage()) // a reader's own words
                    : ApiException.invalid(field, "has the wrong type; expected " + e.getTargetType().getSimpleName());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
