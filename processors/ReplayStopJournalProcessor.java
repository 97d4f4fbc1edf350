package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * At start-up: starts every container a previous Snapdock process stopped and never started
 * again (it was killed mid-run). The body becomes the names of the containers started.
 */
public class ReplayStopJournalProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayStopJournalProcessor.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Snapdock sd = Snapdock.from(exchange);
        if (sd.stopJournal().entries().isEmpty()) {
            exchange.getMessage().setBody(List.of());
            return;
        }
        List<String> started = sd.containers().replayJournal();
        if (!started.isEmpty()) {
            LOG.warn("Recovered after an interrupted run: started {} again", started);
        }
        exchange.getMessage().setBody(started);
    }
}
