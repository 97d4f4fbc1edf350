package io.snapdock.processors;

import io.snapdock.maintenance.MaintenanceTarget;
import org.apache.camel.Exchange;

/** Exchange properties the maintenance routes carry: the targets, the current target, the current item. */
final class MaintenanceSupport {

    /** The targets of the run (a list the run route splits over). */
    static final String TARGETS = "snapdockTargets";
    static final String TARGET = "snapdockTarget";
    /** What a failure is about: "target" or "target/rule" (see RecordDeadLetterProcessor). */
    static final String ITEM = "snapdockItem";
    /** The tables of the current target that pg_repack will work on. */
    static final String REPACK_TABLES = "snapdockRepackTables";

    private MaintenanceSupport() {
    }

    static MaintenanceTarget target(Exchange exchange) {
        MaintenanceTarget t = exchange.getProperty(TARGET, MaintenanceTarget.class);
        if (t == null) {
            throw new IllegalStateException("no maintenance target on this exchange: the route must begin one first");
        }
        return t;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
