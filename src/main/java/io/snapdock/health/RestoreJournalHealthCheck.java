package io.snapdock.health;

import io.snapdock.history.RestoreJournal;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.List;
import java.util.Map;

/**
 * Readiness DOWN while a store waits for its rollback: an open entry of the restore journal that
 * no restore in this process is working on means a store that may hold a half-restored or empty
 * copy of its data (rollback pending, retried) or whose rollback can never run (parked). The
 * message names each store, so the page an operator gets says where to look.
 */
public class RestoreJournalHealthCheck extends ReadinessCheck {

    private final RestoreJournal journal;

    public RestoreJournalHealthCheck(RestoreJournal journal) {
        super("snapdock-rollbacks");
        this.journal = journal;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<RestoreJournal.Entry> open;
        try {
            open = journal.entries().stream().filter(e -> !RestoreJournal.active(e.run(), e.store())).toList();
        } catch (RuntimeException e) {
            builder.message(e.getMessage()).down();
            return;
        }
        if (open.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("stores", String.join(",", open.stream().map(RestoreJournal.Entry::store).toList()));
        builder.message(String.join("; ", open.stream().map(RestoreJournalHealthCheck::describe).toList())).down();
    }

    static String describe(RestoreJournal.Entry e) {
        return e.pending()
                ? "store " + e.store() + ": rollback pending after the failed restore of run " + e.run()
                        + " (safety snapshot " + e.safety() + ", " + e.attempts() + " attempt(s)"
                        + (e.nextAttempt() != null ? ", next " + e.nextAttempt() : "") + ")"
                : "store " + e.store() + ": rollback parked (" + e.parked() + "); safety snapshot " + e.safety()
                        + " of run " + e.run();
    }
}
