package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.model.Stamp;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Starts an on-demand validation of the snapshot named by the {@code stamp} header. */
public class BeginValidateRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = new Run("validate", RunSupport.trigger(exchange, "cli"));
        run.stamp = Stamp.require(exchange.getMessage().getHeader("stamp", String.class));
        run.source = io.snapdock.run.Sources.resolve(sd, exchange.getMessage().getHeader("from", String.class));
        run.manifest = sd.snapshots(run.source).manifest(run.stamp);
        sd.snapshots(run.source).requireReadable(run.manifest);
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
        sd.runs().register(run);
        exchange.setProperty(RunSupport.RUN, run);
    }
}
