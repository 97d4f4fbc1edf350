package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.repo.snapshot.SafetySnapshots;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The safety snapshots restores took, newest first, each with its outcome (pending while it has none). */
public class ListSafetySnapshotsProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(new SafetySnapshots(Snapdock.from(exchange).snapshots()).list());
    }
}
