package io.snapdock.processors.recovery;

import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.StopJournal;
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

    private final StopJournal journal;
    private final ContainerControl containers;

    public ReplayStopJournalProcessor(StopJournal journal, ContainerControl containers) {
        this.journal = journal;
        this.containers = containers;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (journal.entries().isEmpty()) {   // nothing stopped: no Docker connection opened
            exchange.getMessage().setBody(List.of());
            return;
        }
        List<String> started = containers.replayJournal();
        if (!started.isEmpty()) {
            LOG.warn("Recovered after an interrupted run: started {} again", started);
        }
        exchange.getMessage().setBody(started);
    }
}
