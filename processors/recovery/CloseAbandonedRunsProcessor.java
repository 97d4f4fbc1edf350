package io.snapdock.processors.recovery;

import io.snapdock.run.RunRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Runs a killed Snapdock left queued or running in the history are closed as failed (interrupted). */
public class CloseAbandonedRunsProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CloseAbandonedRunsProcessor.class);

    private final RunRegistry runs;

    public CloseAbandonedRunsProcessor(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        List<String> closed = runs.closeAbandoned();
        if (!closed.isEmpty()) {
            LOG.warn("Closed {} run(s) whose Snapdock process had died, as failed (interrupted): {}", closed.size(),
                    closed);
        }
    }
}
