package io.snapdock.processors;

import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that one store failed (the body is its spec), so the other stores of the run go on
 * and the run ends as failed with the reason named.
 */
public class RecordStoreFailureProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStoreFailureProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunSupport.run(exchange);
        StoreSpec spec = exchange.getMessage().getBody(StoreSpec.class);
        String error = RunSupport.describe(RunSupport.caught(exchange));
        String name = spec != null ? spec.name() : "?";
        Run.StoreResult result = run.result(name);
        if (result == null) {
            result = new Run.StoreResult(name, spec != null ? spec.type() : null, "failed");
            run.stores.add(result);
        }
        result.status = "failed";
        result.error = error;
        if ("backup".equals(run.kind) && run.manifest != null) {
            synchronized (run.manifest) {
                run.manifest.failures.add(new Manifest.StoreFailure(name, spec != null ? spec.type() : null, error));
            }
        }
        LOG.error("{} of store {} failed: {}", run.kind, name, error);
        io.snapdock.app.Snapdock.from(exchange).failures().record(run.id, run.kind, exchange.getFromRouteId(), name,
                RecordDeadLetterProcessor.errorClass(RunSupport.caught(exchange)), error);
    }
}
