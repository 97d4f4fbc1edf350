package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The manifest of the snapshot named by the {@code stamp} header. */
public class ShowSnapshotProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        String stamp = exchange.getMessage().getHeader("stamp", String.class);
        exchange.getMessage().setBody(Snapdock.from(exchange).snapshots().manifest(stamp));
    }
}
