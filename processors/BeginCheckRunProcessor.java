package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Starts a check of the repository (header {@code readData}: also read every chunk back). */
public class BeginCheckRunProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = exchange.getProperty(RunSupport.RUN, Run.class);
        if (run == null) {
            run = new Run("check", RunSupport.trigger(exchange, "cli"));
            sd.runs().register(run);
            exchange.setProperty(RunSupport.RUN, run);
        }
        run.source = io.snapdock.run.Sources.resolve(sd, exchange.getMessage().getHeader("from", String.class));
        run.status = Run.Status.running;
        run.startedAt = RunSupport.now();
    }
}
