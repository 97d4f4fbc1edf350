package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Opens the repository and checks it can be used (folder writable, bucket reachable, credentials accepted). */
public class CheckRepositoryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws java.io.IOException {
        // Reachable, and its content store ready with the right key: refused here, before any store is touched.
        Snapdock.from(exchange).snapshots().prepareForBackup();
    }
}
