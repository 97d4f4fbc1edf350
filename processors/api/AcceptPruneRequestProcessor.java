package io.snapdock.processors.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.snapdock.run.Requests;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.IOException;
import java.util.Iterator;

/**
 * POST /api/prune. Strict: an unknown field (a misspelt {@code "dryrun"}) or a non-boolean is a
 * 400, never a real prune taken for a dry run.
 */
public class AcceptPruneRequestProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        Requests.Prune request = new Requests.Prune();
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
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("dryRun")) {
                    throw SnapdockException
                            .badInput("unknown field '" + name + "' in the prune request (known: dryRun)");
                }
            }
            JsonNode d = node.get("dryRun");
            if (d != null && !d.isBoolean()) {
                throw SnapdockException.badInput("dryRun must be true or false");
            }
            request.dryRun = d != null && d.asBoolean();
        }
        exchange.getMessage().setBody(request);
    }
}
