package io.snapdock.processors.catalog;

import io.snapdock.history.RestoreJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open entries of the restore journal (the body), oldest first, each with its state:
 * {@code restoring} (a restore works on it now, or its process died before the next start),
 * {@code rollback-pending} (retried, with its attempts, next attempt and last error) or
 * {@code parked} (never retried, with why). For {@code list --safety} and GET /api/restore-journal.
 */
public class ListRestoreJournalProcessor implements Processor {

    private final RestoreJournal journal;

    public ListRestoreJournalProcessor(RestoreJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(journal.entries().stream().map(ListRestoreJournalProcessor::view).toList());
    }

    static Map<String, Object> view(RestoreJournal.Entry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run", e.run());
        v.put("store", e.store());
        v.put("state", state(e));
        v.put("restoring", e.stamp());
        v.put("safety", e.safety());
        v.put("source", e.source());
        v.put("since", e.at());
        v.put("storeIdentity", e.storeIdentity());
        v.put("repositoryId", e.repositoryId());
        v.put("attempts", e.attempts());
        v.put("nextAttempt", e.nextAttempt());
        v.put("lastError", e.lastError());
        v.put("parked", e.parked());
        return v;
    }

    public static String state(RestoreJournal.Entry e) {
        return !e.pending() ? "parked" : e.attempts() == 0 ? "restoring" : "rollback-pending";
    }
}
