package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.maintenance.Catalog;
import io.snapdock.maintenance.Failures;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.Repacker;
import io.snapdock.run.Run;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/** Repacks one table (the split's body) and records its size before and after. */
public class RepackTableProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RepackTableProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        MaintenanceTarget target = MaintenanceSupport.target(exchange);
        String table = exchange.getMessage().getBody(String.class);
        Run.StoreResult r = run.item(target.name() + "/" + table, "table", "running");
        exchange.setProperty(MaintenanceSupport.ITEM, r.name);
        r.status = "running";
        long t0 = System.nanoTime();
        long before = size(sd, target, table);
        String said = new Repacker(sd.runnerFor(target), target, sd.maintenance()).repack(table);
        long after = size(sd, target, table);
        r.durationMs = MaintenanceSupport.millisSince(t0);
        r.bytes = Math.max(0, before - after);
        if (said.contains("timed out")) {
            // --no-kill-backend: pg_repack gave up waiting for its lock and left the table as it was.
            r.status = "skipped";
            r.detail = "lock not obtained within snapdock.maintenance.repack-wait-timeout-seconds; table left as it was";
        } else {
            r.status = "succeeded";
            r.detail = before + " -> " + after + " bytes";
        }
        LOG.info("repack {}: {}", r.name, r.detail);
    }

    private static long size(Snapdock sd, MaintenanceTarget target, String table) {
        try (Connection c = sd.targetDataSource(target).getConnection()) {
            return Catalog.totalSize(c, table);
        } catch (SQLException e) {
            throw Failures.of("measuring " + table + " on " + target.name(), e);
        }
    }
}
