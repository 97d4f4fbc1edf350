package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The snapshots in the repository, newest first; unfinished ones are marked incomplete. */
public class ListSnapshotsProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(Snapdock.from(exchange).snapshots().list());
    }
}
