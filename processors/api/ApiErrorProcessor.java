package io.snapdock.processors.api;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.processors.support.ApiResponse;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns an exception in an API route into a status (400, 404, 409, 503, 500) and a JSON body. */
public class ApiErrorProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Throwable t = RunExchange.caught(exchange);
        SnapdockException se = SnapdockException.find(t);
        int status = se != null ? se.status() : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", se != null ? se.kind().name().toLowerCase() : "internal_error");
        body.put("message", Secrets.describe(t));
        if (status >= 500) {
            LOG.error("API request failed: {}", body.get("message"));
        }
        ApiResponse.json(exchange, status, body, null);
    }
}
