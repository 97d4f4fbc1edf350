package io.snapdock.processors;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.IOException;

/**
 * POST /api/prune: reads the body and sets header {@code dryRun} for the route's choice. Strict:
 * an unknown field (a misspelt {@code "dryrun"}) or a non-boolean is a 400, never a real prune
 * taken for a dry run.
 */
public class ReadPruneRequestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        boolean dryRun = false;
        if (body != null && !body.isBlank()) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw SnapdockException.badInput("the request body is not valid JSON");
            }
            if (!node.isObject()) {
                throw SnapdockException.badInput("the request body must be a JSON object, e.g. {\"dryRun\": true}");
            }
            var names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.equals("dryRun")) {
                    throw SnapdockException.badInput("unknown field '" + name + "' in the prune request (known: dryRun)");
                }
            }
            JsonNode d = node.get("dryRun");
            if (d != null && !d.isBoolean()) {
                throw SnapdockException.badInput("dryRun must be true or false");
            }
            dryRun = d != null && d.asBoolean();
        }
        exchange.getMessage().setHeader("dryRun", dryRun);
        exchange.getMessage().setBody(body);
    }
}
