package io.snapdock.processors.backup;

import io.snapdock.processors.support.RunExchange;
import io.snapdock.repo.backend.Folders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.IOException;
import java.nio.file.Path;

/** Removes the local staging copy of a stop-mode store once it is uploaded (or has failed). */
public class DiscardStagingProcessor implements Processor {

    @Override
    public void process(Exchange exchange) throws IOException {
        Path dir = exchange.getProperty(RunExchange.STAGING_DIR, Path.class);
        if (dir != null) {
            Folders.deleteTree(dir);
            exchange.removeProperty(RunExchange.STAGING_DIR);
            exchange.removeProperty(RunExchange.STAGING);
        }
    }
}
