package io.snapdock.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.model.Json;
import io.snapdock.run.Requests;
import io.snapdock.run.Run;
import io.snapdock.run.RunChecks;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

import java.util.Map;

/**
 * POST /api/backups, /api/restores, /api/check, /api/prune, /api/maintenance/cleanup and
 * /api/maintenance/repack: checks the request at once (a bad one gets its 4xx now, and nothing
 * runs), then queues the run on {@code direct:<kind>} and answers 202 with the run's id (follow
 * it at /api/runs/{id}). A restore with {@code "dryRun": true} answers 200 with its preview instead.
 */
public class StartRunProcessor implements Processor {

    public static final String KIND = "snapdockKind";

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        String kind = exchange.getMessage().getHeader(KIND, String.class);
        String body = exchange.getMessage().getBody(String.class);
        Object request;
        Run run = new Run(kind, "api");
        if ("restore".equals(kind)) {
            Requests.Restore r = parse(body, Requests.Restore.class);
            if (r.dryRun) {
                // A dry run is the preview: 200 with what would be replaced and stopped, no run.
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                exchange.getMessage().setBody(PreviewRestoreProcessor.preview(sd, r));
                return;
            }
            RunChecks.restorePlan(sd, r);
            run.stamp = r.stamp;
            run.requestedStores = r.stores;
            request = r;
        } else if ("check".equals(kind)) {
            Requests.Check c = parseOr(body, Requests.Check.class, Requests.Check::new);
            io.snapdock.run.Sources.resolve(sd, c.from);
            request = c;
        } else if ("replicate".equals(kind)) {
            Requests.Replicate r = parseOr(body, Requests.Replicate.class, Requests.Replicate::new);
            (r.stamps == null ? java.util.List.<String>of() : r.stamps).forEach(io.snapdock.model.Stamp::require);
            sd.replica();
            request = r;
        } else if ("prune".equals(kind)) {
            request = parseOr(body, Requests.Prune.class, Requests.Prune::new);
        } else if ("cleanup".equals(kind) || "repack".equals(kind)) {
            Requests.Maintenance r = parseOr(body, Requests.Maintenance.class, Requests.Maintenance::new);
            sd.maintenance().select(r.targets);
            run.requestedTargets = r.targets;
            request = r;
        } else {
            Requests.Backup r = parseOr(body, Requests.Backup.class, Requests.Backup::new);
            RunChecks.backupTargets(sd, r.stores);
            run.requestedStores = r.stores;
            request = r;
        }
        sd.runs().register(run);
        Exchange job = new DefaultExchange(exchange.getContext(), ExchangePattern.InOut);
        job.setProperty(RunSupport.RUN, run);
        job.getMessage().setBody(request);
        job.getMessage().setHeader(RunSupport.TRIGGER, "api");
        if (request instanceof Requests.Check c) {
            job.getMessage().setHeader("readData", c.readData);
            job.getMessage().setHeader("from", c.from);
        }
        ProducerTemplate template = exchange.getContext().createProducerTemplate();
        sd.runExecutor().submit(() -> {
            try {
                template.send("direct:" + kind, job);
            } finally {
                try {
                    template.stop();
                } catch (Exception ignored) {
                    // releasing the template's resources
                }
            }
        });
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", "/api/runs/" + run.id);
        exchange.getMessage().setBody(Map.of("id", run.id, "kind", kind, "status", run.status.name(),
                "href", "/api/runs/" + run.id));
    }

    /** The request in {@code body}, or the default one when the body is empty (every field optional). */
    static <T> T parseOr(String body, Class<T> type, java.util.function.Supplier<T> empty) {
        return body == null || body.isBlank() ? empty.get() : parse(body, type);
    }

    static <T> T parse(String body, Class<T> type) {
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
