package io.snapdock.processors.support;

import io.snapdock.model.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes an API answer. The request's headers (and whatever the routes set) are dropped first:
 * the HTTP server would otherwise echo them all back as response headers.
 */
public final class ApiResponse {

    private ApiResponse() {
    }

    public static void json(Exchange exchange, int status, Object body, String location) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (location != null) {
            m.setHeader("Location", location);
        }
        m.setBody(Json.write(body));
    }
}
