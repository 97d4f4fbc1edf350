package io.snapdock.processors.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;

import java.util.function.Supplier;

/** Reads the JSON body of an API request into its typed request; a bad one is a 400 and nothing runs. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The request in {@code body}, or the default one when the body is empty (every field optional). */
    public static <T> T parseOr(String body, Class<T> type, Supplier<T> empty) {
        return body == null || body.isBlank() ? empty.get() : parse(body, type);
    }

    public static <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw SnapdockException.badInput("the request needs a JSON body");
        }
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw SnapdockException.badInput("the request body is not valid: " + e.getOriginalMessage());
        }
    }
}
