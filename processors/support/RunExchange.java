package io.snapdock.processors.support;

import io.snapdock.model.Run;
import io.snapdock.run.RunContext;
import org.apache.camel.Exchange;

/**
 * The names under which a run travels on an exchange, and how the steps read them. The run's
 * record ({@link Run}: what the API shows) is {@value #RUN}; what it carries while it works
 * ({@link RunContext}) is {@value #CONTEXT}.
 */
public final class RunExchange {

    public static final String RUN = "snapdockRun";
    public static final String CONTEXT = "snapdockContext";
    /** Who started the run: cli, api, schedule, recovery. */
    public static final String TRIGGER = "snapdockTrigger";
    /** The kind of run an API request or the run queue starts (backup, restore, …). */
    public static final String KIND = "snapdockKind";
    /** Which area a snapshot being reserved goes to (snapshots, safety). */
    public static final String AREA = "snapdockArea";
    /** Per store: the containers stopped for its copy (started again in the route's doFinally). */
    public static final String STOPPED = "snapdockStopped";
    /** Per store: its manifest entry while it is copied. */
    public static final String ENTRY = "snapdockEntry";
    /** Per store in stop mode: the local staging copy (a repository view) and its folder. */
    public static final String STAGING = "snapdockStaging";
    public static final String STAGING_DIR = "snapdockStagingDir";
    /** Per store being restored: what it is restored from (the snapshot, or the safety copy in a rollback). */
    public static final String RESTORE_FROM = "snapdockRestoreFrom";
    /** Set on an exchange whose failure the dead-letter channel has recorded already. */
    /**
     * Per store being restored: true when it has a copy in the run's safety snapshot, so a failure
     * rolls it back to that (false without a safety snapshot, or for a store that was empty).
     */
    public static final String SAFETY_COPY = "snapdockSafetyCopy";
    /** Per store being restored: when its restore began (its duration in the run). */
    public static final String RESTORE_STARTED = "snapdockRestoreStarted";
    /** Recovery: the restore journal entry being rolled back. */
    public static final String JOURNAL_ENTRY = "snapdockJournalEntry";
    /** The holder of the run lock a retry of pending rollbacks took (null: it was busy). */
    public static final String RUN_LOCK = "snapdockRunLock";
    public static final String FAILURE_RECORDED = "snapdockFailureRecorded";
    /** How often a transient failure was redelivered (for the dead-letter record). */
    public static final String REDELIVERIES = "snapdockRedeliveries";

    /** Maintenance: the targets of the run, the current target, and what a failure is about ("target" or "target/rule"). */
    public static final String TARGETS = "snapdockTargets";
    public static final String TARGET = "snapdockTarget";
    public static final String ITEM = "snapdockItem";
    /** Maintenance: the tables of the current target that pg_repack will work on. */
    public static final String REPACK_TABLES = "snapdockRepackTables";

    private RunExchange() {
    }

    /** The run's context; the route must have begun the run. */
    public static RunContext context(Exchange exchange) {
        RunContext ctx = exchange.getProperty(CONTEXT, RunContext.class);
        if (ctx == null) {
            throw new IllegalStateException("no run on this exchange: the route must begin a run first");
        }
        return ctx;
    }

    /** The run's context, or null before a run began (or on an exchange that never had one). */
    public static RunContext contextOrNull(Exchange exchange) {
        return exchange.getProperty(CONTEXT, RunContext.class);
    }

    /** The run the API queued, or null (a schedule or the CLI: the route creates it). */
    public static Run queued(Exchange exchange) {
        return exchange.getProperty(RUN, Run.class);
    }

    /** Puts a new run context (and its record) on the exchange. */
    public static RunContext begin(Exchange exchange, Run run) {
        RunContext ctx = new RunContext(run);
        exchange.setProperty(RUN, run);
        exchange.setProperty(CONTEXT, ctx);
        return ctx;
    }

    public static String trigger(Exchange exchange, String fallback) {
        return exchange.getMessage().getHeader(TRIGGER, fallback, String.class);
    }

    /** The failure the route is handling (a doCatch, a dead-letter channel, a doFinally after a throw), or null. */
    public static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getException();
        if (t == null) {
            t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return t;
    }

    /** The class of the error that says what went wrong: the innermost cause (a driver's exception, say). */
    public static String errorClass(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getName();
    }

    /** Milliseconds since this store's restore began, or null when it did not begin here (a rollback at start-up). */
    public static Long restoreMillis(Exchange exchange) {
        java.time.Instant start = exchange.getProperty(RESTORE_STARTED, java.time.Instant.class);
        return start == null ? null : java.time.Instant.now().toEpochMilli() - start.toEpochMilli();
    }

    /** The maintenance target the current split works on. */
    public static io.snapdock.maintenance.MaintenanceTarget target(Exchange exchange) {
        var t = exchange.getProperty(TARGET, io.snapdock.maintenance.MaintenanceTarget.class);
        if (t == null) {
            throw new IllegalStateException("no maintenance target on this exchange: the route must begin one first");
        }
        return t;
    }

    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
