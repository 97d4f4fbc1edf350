package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Opens the repository and checks it can be used (folder writable, bucket reachable, credentials accepted). */
public class CheckRepositoryProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Snapdock.from(exchange).snapshots();
    }
}
