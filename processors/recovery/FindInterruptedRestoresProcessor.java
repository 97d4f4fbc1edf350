package io.snapdock.processors.recovery;

import io.snapdock.history.RestoreJournal;
import io.snapdock.model.Host;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * At start-up, after the stopped containers were started again: an open restore journal entry
 * belongs to a restore that never finished (its process was killed, or its rollback failed).
 * The body becomes those entries, except the ones whose restore is still running (its process
 * alive on this host, another host's, or in this JVM the restore still working on it).
 */
public class FindInterruptedRestoresProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FindInterruptedRestoresProcessor.class);

    private final RestoreJournal journal;

    public FindInterruptedRestoresProcessor(RestoreJournal journal) {
        this.journal = journal;
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
        exchange.getMessage().setBody(entries.stream().filter(e -> !stillRunning(e)).toList());
    }

    static boolean stillRunning(RestoreJournal.Entry e) {
        if (e.pid() == ProcessHandle.current().pid()) {
            return RestoreJournal.active(e.run(), e.store());
        }
        if (e.host() == null || !e.host().equals(Host.NAME)) {
            return true;   // another machine's process: never rolled back from here
        }
        return ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
}
