package io.snapdock.processors.api;

import io.snapdock.SnapdockException;
import io.snapdock.history.RestoreJournal;
import io.snapdock.processors.support.ApiResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * DELETE /api/restore-journal/{run}/{store}: the operator gives up a PARKED rollback (admin). The
 * safety snapshot stays in the repository (retention keeps it: its outcome is rollback-failed).
 * A pending entry is refused (409): its rollback is still being retried; no such entry is a 404.
 */
public class DismissJournalEntryProcessor implements Processor {

    private final RestoreJournal journal;

    public DismissJournalEntryProcessor(RestoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        String run = exchange.getMessage().getHeader("run", String.class);
        String store = exchange.getMessage().getHeader("store", String.class);
        RestoreJournal.Entry e = journal.find(run, store);
        if (e == null) {
            throw SnapdockException.notFound("no restore journal entry for store " + store + " of run " + run);
        }
        if (!journal.dismiss(run, store)) {
            throw new SnapdockException(SnapdockException.Kind.CONFLICT,
                    "the rollback of " + store + " (run " + run + ") is pending, not parked:"
                            + " it is still retried and cannot be dismissed");
        }
        ApiResponse.json(exchange, 200, Map.of("dismissed", Map.of("run", run, "store", store, "safety", e.safety())),
                null);
    }
}
