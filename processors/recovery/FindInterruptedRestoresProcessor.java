package io.snapdock.processors.recovery;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.Host;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The open restore journal entries to roll back now (the body), except the ones whose restore is
 * still running (its process alive on this host, another host's, or in this JVM a restore or a
 * rollback working on it). At start-up ({@code dueOnly} false), after the stopped containers were
 * started again: every one, parked ones included (re-checked: what was missing may be back). In
 * a running service ({@code dueOnly} true): the pending ones whose retry delay has passed.
 */
public class FindInterruptedRestoresProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FindInterruptedRestoresProcessor.class);

    private final RestoreJournal journal;
    private final boolean dueOnly;

    public FindInterruptedRestoresProcessor(RestoreJournal journal, boolean dueOnly) {
        this.journal = journal;
        this.dueOnly = dueOnly;
    }

    @Override
    public void process(Exchange exchange) {
        List<RestoreJournal.Entry> entries;
        try {
            entries = journal.entries();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the restore journal: {}", e.getMessage());
            entries = List.of();
        }
        java.time.Instant now = java.time.Instant.now();
        exchange.getMessage().setBody(
                entries.stream().filter(e -> !stillRunning(e) && (!dueOnly || e.due(now))).toList());
    }

    static boolean stillRunning(RestoreJournal.Entry e) {
        if (RestoreJournal.active(e.run(), e.store())) {
            return true;
        }
        if (e.pid() == ProcessHandle.current().pid()) {
            return false;   // this process's restore, over (its rollback failed)
        }
        if (e.host() == null || !e.host().equals(Host.NAME)) {
            return true;   // another machine's process: never rolled back from here
        }
        return ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
}
