package io.snapdock.processors;

import io.snapdock.app.Snapdock;
import io.snapdock.maintenance.Catalog;
import io.snapdock.maintenance.Failures;
import io.snapdock.maintenance.MaintenanceTarget;
import io.snapdock.maintenance.Repacker;
import io.snapdock.run.Run;
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

    @Override
    public void process(Exchange exchange) {
        Snapdock sd = Snapdock.from(exchange);
        Run run = RunSupport.run(exchange);
        MaintenanceTarget target = MaintenanceSupport.target(exchange);
        List<String> todo = new ArrayList<>();
        exchange.setProperty(MaintenanceSupport.REPACK_TABLES, todo);
        if (target.repackTables().isEmpty()) {
            run.item(target.name(), "target", "skipped").detail = "no tables to repack (.repack-tables)";
            return;
        }
        String skip = null;
        List<String> missing = new ArrayList<>();
        try (Connection c = sd.targetDataSource(target).getConnection()) {
            String extension = Catalog.repackExtension(c);
            if (extension == null) {
                skip = "the pg_repack extension is not installed in database " + target.database()
                        + " (CREATE EXTENSION pg_repack, from the server's pg_repack package)";
            } else {
                Repacker repacker = new Repacker(sd.runnerFor(target), target, sd.maintenance());
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
            Run.StoreResult r = run.item(target.name() + "/" + table, "table", "pending");
            if (missing.contains(table)) {
                r.status = "skipped";
                r.detail = "table " + table + " does not exist";
            } else if (skip != null) {
                r.status = "skipped";
                r.detail = skip;
            } else {
                todo.add(table);
            }
        }
    }
}
