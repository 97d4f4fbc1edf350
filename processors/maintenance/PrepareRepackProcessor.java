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

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which of the target's tables pg_repack works on. Missing pieces are reported as
 * {@code skipped}, never failed: the extension not installed in the database, the pg_repack
 * client not installed where it must run, a client whose version differs from the extension's
 * (pg_repack refuses that), or a table that does not exist.
 */
public class PrepareRepackProcessor implements Processor {

    private final MaintenanceTargets targets;

    public PrepareRepackProcessor(MaintenanceTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Run run = RunExchange.context(exchange).run();
        MaintenanceTarget target = RunExchange.target(exchange);
        List<String> todo = new ArrayList<>();
        exchange.setProperty(RunExchange.REPACK_TABLES, todo);
        if (target.repackTables().isEmpty()) {
            run.item(target.name(), "target", ItemStatus.skipped).detail = "no tables to repack (.repack-tables)";
            return;
        }
        String skip = null;
        List<String> missing = new ArrayList<>();
        try (Connection c = targets.dataSource(target).getConnection()) {
            String extension = Catalog.repackExtension(c);
            if (extension == null) {
                skip = "the pg_repack extension is not installed in database " + target.database()
                        + " (CREATE EXTENSION pg_repack, from the server's pg_repack package)";
            } else {
                Repacker repacker = new Repacker(targets.runner(target), target, targets.settings());
                String client = repacker.clientVersion();
                if (client == null) {
                    skip = "the pg_repack client is not installed " + repacker.where();
                } else if (!client.startsWith(extension)) {
                    skip = "pg_repack " + client + " " + repacker.where() + " does not match the extension " + extension
                            + " in the server";
                }
            }
            for (String table : target.repackTables()) {
                if (!Catalog.tableExists(c, table)) {
                    missing.add(table);
                }
            }
        } catch (SQLException e) {
            throw Failures.of("checking pg_repack on " + target.name(), e);
        }
        for (String table : target.repackTables()) {
            Run.Item r = run.item(target.name() + "/" + table, "table", ItemStatus.pending);
            if (missing.contains(table)) {
                r.status = ItemStatus.skipped;
                r.detail = "table " + table + " does not exist";
            } else if (skip != null) {
                r.status = ItemStatus.skipped;
                r.detail = skip;
            } else {
                todo.add(table);
            }
        }
    }
}
