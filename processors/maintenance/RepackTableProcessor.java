package io.snapdock.processors.maintenance;

import io.snapdock.maintenance.Catalog;
import io.snapdock.maintenance.Failures;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.MaintenanceTargets;
import io.snapdock.maintenance.Repacker;
import io.snapdock.model.ItemStatus;
import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/** Repacks one table (the split's body) and records its size before and after. */
public class RepackTableProcessor implements Processor {

    private final MaintenanceTargets targets;

    public RepackTableProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RepackTableProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        MaintenanceTarget target = RunExchange.target(exchange);
        String table = exchange.getMessage().getBody(String.class);
        Run.Item r = run.item(target.name() + "/" + table, "table", ItemStatus.running);
        exchange.setProperty(RunExchange.ITEM, r.name);
        r.status = ItemStatus.running;
        long t0 = System.nanoTime();
        long before = size(target, table);
        String said = new Repacker(targets.runner(target), target, targets.settings()).repack(table);
        long after = size(target, table);
        r.durationMs = RunExchange.millisSince(t0);
        r.bytes = Math.max(0, before - after);
        if (said.contains("timed out")) {
            // --no-kill-backend: pg_repack gave up waiting for its lock and left the table as it was.
            r.status = ItemStatus.skipped;
            r.detail = "lock not obtained within snapdock.maintenance.repack-wait-timeout-seconds; table left as it was";
        } else {
            r.status = ItemStatus.succeeded;
            r.detail = before + " -> " + after + " bytes";
        }
        LOG.info("repack {}: {}", r.name, r.detail);
    }

    private long size(MaintenanceTarget target, String table) {
        try (Connection c = targets.dataSource(target).getConnection()) {
            return Catalog.totalSize(c, table);
        } catch (SQLException e) {
            throw Failures.of("measuring " + table + " on " + target.name(), e);
        }
    }
}
