package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
import io.snapdock.model.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.clickhouse.ClickhouseClient.query;
import static io.snapdock.handlers.clickhouse.ClickhouseCommands.*;

/**
 * The restore of one database taken with the per-table method. Works on any server (no
 * {@code RENAME DATABASE}, no {@code SYNC}, which old ones lack):
 * <ol>
 * <li>the current database, if any, is moved aside into {@code snapdock_restore_previous_<hash>}:
 * each materialized view's statement is kept, its inner table renamed aside and the view dropped
 * (ClickHouse cannot rename one), then every other table renamed aside ({@code RENAME TABLE});</li>
 * <li>the snapshot's tables are created and their rows loaded ({@code INSERT … FORMAT Native} fed
 * from the artifact), the row count checked where the engine keeps every row; then its views, then
 * its materialized views ({@code ATTACH}, so they take the inner table just loaded and nothing
 * inserted twice);</li>
 * <li>the aside database is dropped. On any failure what was restored is dropped, the aside tables
 * renamed back and the materialized views attached again.</li>
 * </ol>
 * An aside database left by an earlier failed rollback is never dropped: the restore refuses
 * until an operator has looked at it.
 */
final class NativeRestore {

    private static final Logger LOG = LoggerFactory.getLogger(NativeRestore.class);

    private final StoreContext ctx;
    private final String db;
    private final String aside;
    private final List<String> movedAside = new ArrayList<>();
    /** Materialized views dropped from the current database: name → CREATE statement. */
    private final Map<String, String> droppedViews = new LinkedHashMap<>();
    private boolean existed;
    private boolean asideCreated;
    /** True once the database holds nothing of its own any more: all it holds then was restored. */
    private boolean emptied;

    private NativeRestore(StoreContext ctx, String db) {
        this.ctx = ctx;
        this.db = db;
        this.aside = asideName(db);
    }

    static void database(StoreContext ctx, Manifest.Artifact schemaArtifact, List<Manifest.Artifact> artifacts,
                         ArtifactSource source) throws IOException {
        DatabaseSchema schema;
        try (InputStream in = source.open(schemaArtifact)) {
            schema = DatabaseSchema.read(in);
        }
        if (!schema.database.equals(schemaArtifact.database)) {
            throw SnapdockException.failed(schemaArtifact.name + " describes database " + schema.database
                    + ", not " + schemaArtifact.database + "; nothing was changed");
        }
        Map<String, Manifest.Artifact> byName = new LinkedHashMap<>();
        artifacts.forEach(a -> byName.put(a.name, a));
        for (DatabaseSchema.Table t : schema.tables) {
            if (t.artifact != null && !byName.containsKey(t.artifact)) {
                throw SnapdockException.failed("the rows of " + schema.database + "." + t.name + " (" + t.artifact
                        + ") are not in the snapshot; nothing was changed");
            }
        }
        new NativeRestore(ctx, schema.database).run(schema, byName, source);
    }

    private void run(DatabaseSchema schema, Map<String, Manifest.Artifact> artifacts,
                     ArtifactSource source) throws IOException {
        List<String> there = tsv(query(ctx, databasesAmongSql(db, aside))).stream().map(r -> r.get(0)).toList();
        if (there.contains(aside)) {
            throw SnapdockException.failed("database " + aside + " (the previous content of " + db
                    + " kept by an earlier restore that could not be rolled back) still exists on "
                    + ctx.spec().name() + "; look at it and drop it first. Nothing was changed");
        }
        existed = there.contains(db);
        try {
            if (existed) {
                moveAside();
            } else {
                query(ctx, createDatabaseSql(db));
            }
            emptied = true;
            load(schema, artifacts, source);
        } catch (IOException | RuntimeException e) {
            try {
                rollBack();
            } catch (IOException | RuntimeException e2) {
                e.addSuppressed(SnapdockException.failed("rolling back database " + db + " failed too; its"
                        + " previous tables are kept in database " + aside + ": " + e2.getMessage()));
            }
            throw e;
        }
        if (asideCreated) {
            query(ctx, dropDatabaseSql(aside));
        }
    }

    /** name, engine, statement of every table of {@code database}. */
    private List<List<String>> tables(String database) throws IOException {
        return tsv(query(ctx, listTablesSql(database)));
    }

    /**
     * One client run: the aside database created, each materialized view's inner table renamed into
     * it and the view dropped (its statement kept from the listing), then every other table renamed.
     */
    private void moveAside() throws IOException {
        List<List<String>> current = tables(db);
        refuseAtomicInnerTables(current, ctx.spec().name());
        if (current.isEmpty()) {
            return;
        }
        List<String> steps = new ArrayList<>(List.of(createDatabaseSql(aside)));
        List<String> moved = new ArrayList<>();
        for (List<String> t : current) {
            if ("MaterializedView".equals(t.get(1))) {
                String name = t.get(0);
                String inner = ".inner." + name;
                if (current.stream().anyMatch(x -> x.get(0).equals(inner))) {
                    steps.add(renameTableSql(db, aside, inner));
                    moved.add(inner);
                }
                droppedViews.put(name, t.get(2));
                steps.add(dropTableSql(db, name));
            }
        }
        for (List<String> t : current) {
            if (!"MaterializedView".equals(t.get(1)) && !moved.contains(t.get(0))) {
                steps.add(renameTableSql(db, aside, t.get(0)));
            }
        }
        asideCreated = true;
        ClickhouseClient.statements(ctx, steps);
    }

    private void load(DatabaseSchema schema, Map<String, Manifest.Artifact> artifacts,
                      ArtifactSource source) throws IOException {
        List<DatabaseSchema.Table> tables = schema.tables.stream().filter(t -> !t.isView() && !t.isMaterializedView())
                .toList();
        if (!tables.isEmpty()) {
            ClickhouseClient.statements(ctx, tables.stream().map(t -> t.create).toList());
        }
        List<DatabaseSchema.Table> counted = new ArrayList<>();
        for (DatabaseSchema.Table t : tables) {
            if (t.artifact != null) {
                Manifest.Artifact a = artifacts.get(t.artifact);
                insert(t, a, source);
                if (a.rows != null && keepsEveryRow(t.engine)) {
                    counted.add(t);
                }
            }
        }
        checkCounts(counted, artifacts);
        List<String> views = new ArrayList<>();
        schema.tables.stream().filter(DatabaseSchema.Table::isView).forEach(t -> views.add(t.create));
        schema.tables.stream().filter(DatabaseSchema.Table::isMaterializedView)
                .forEach(t -> views.add(attachForm(t.create)));
        createViews(views, schema.tables.stream().filter(t -> t.isView() || t.isMaterializedView()).map(t -> t.name)
                .toList());
    }

    /** One query for every table whose engine keeps each inserted row: its count must be the snapshot's. */
    private void checkCounts(List<DatabaseSchema.Table> tables,
                             Map<String, Manifest.Artifact> artifacts) throws IOException {
        if (tables.isEmpty()) {
            return;
        }
        for (List<String> row : tsv(query(ctx, countsSql(db, tables.stream().map(t -> t.name).toList())))) {
            DatabaseSchema.Table t = tables.get(Integer.parseInt(row.get(0)));
            long now = Long.parseLong(row.get(1));
            long expected = artifacts.get(t.artifact).rows;
            if (now != expected) {
                throw SnapdockException.failed(db + "." + t.name + " on " + ctx.spec().name() + " holds " + now
                        + " rows after its restore, the snapshot " + expected);
            }
        }
    }

    /**
     * Views (then materialized views) in one run; views may read each other, so when that fails,
     * the ones still missing are created one by one, again while each round creates at least one.
     */
    private void createViews(List<String> statements, List<String> names) throws IOException {
        if (statements.isEmpty()) {
            return;
        }
        try {
            ClickhouseClient.statements(ctx, statements);
            return;
        } catch (RuntimeException first) {
            LOG.info("Creating the views of {} in one run failed ({}); one by one", db, first.getMessage());
        }
        List<String> present = tables(db).stream().map(r -> r.get(0)).toList();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            if (!present.contains(names.get(i))) {
                pending.add(statements.get(i));
            }
        }
        while (!pending.isEmpty()) {
            List<String> failed = new ArrayList<>();
            RuntimeException last = null;
            for (String st : pending) {
                try {
                    query(ctx, st);
                } catch (RuntimeException e) {
                    failed.add(st);
                    last = e;
                }
            }
            if (failed.size() == pending.size()) {
                throw last;
            }
            pending = failed;
        }
    }

    private void insert(DatabaseSchema.Table t, Manifest.Artifact a, ArtifactSource source) throws IOException {
        String what = "INSERT … FORMAT Native into " + db + "." + t.name + " on " + ctx.spec().name();
        try (InputStream in = source.open(a);
             RunningCommand cmd = ClickhouseClient.start(ctx, importSql(db, t.name), true)) {
            cmd.feed(in, what, ctx.timeout());
        }
    }

    /**
     * Materialized views of Atomic databases keep their rows in {@code .inner_id.<uuid>} tables
     * tied to the view by UUID: renaming those aside and back is not what this restore knows.
     */
    static void refuseAtomicInnerTables(List<List<String>> tables, String store) {
        for (List<String> t : tables) {
            if (t.get(0).startsWith(".inner_id.")) {
                throw SnapdockException.failed("table " + t.get(0) + " on " + store + " is the inner table of a"
                        + " materialized view in an Atomic database, which the per-table method does not handle"
                        + " (ClickHouse 22.8 or later is backed up with BACKUP instead); nothing was changed");
            }
        }
    }

    /**
     * What was restored is dropped (only once the database held nothing of its own), every table in
     * the aside database renamed back, the materialized views dropped by the move attached again,
     * and the aside database dropped; read from the server, so a move that stopped halfway is
     * undone as far as it went.
     */
    private void rollBack() throws IOException {
        if (emptied) {
            List<String> drops = new ArrayList<>();
            List<List<String>> now = tables(db);
            for (String engine : new String[]{"MaterializedView", "View", null}) {
                for (List<String> t : now) {
                    boolean view = t.get(1).equals("MaterializedView") || t.get(1).equals("View");
                    if (engine == null ? !view : t.get(1).equals(engine)) {
                        drops.add(dropTableSql(db, t.get(0)));
                    }
                }
            }
            if (!existed) {
                drops.add(dropDatabaseSql(db));
            }
            if (!drops.isEmpty()) {
                ClickhouseClient.statements(ctx, drops);
            }
        }
        if (!asideCreated) {
            return;
        }
        List<String> there = tsv(query(ctx, databasesAmongSql(aside))).stream().map(r -> r.get(0)).toList();
        if (there.isEmpty()) {
            return;
        }
        List<String> steps = new ArrayList<>();
        for (List<String> t : tables(aside)) {
            steps.add(renameTableSql(aside, db, t.get(0)));
        }
        List<String> present = tables(db).stream().map(r -> r.get(0)).toList();
        for (Map.Entry<String, String> v : droppedViews.entrySet()) {
            if (!present.contains(v.getKey())) {
                steps.add(attachForm(v.getValue()));
            }
        }
        steps.add(dropDatabaseSql(aside));
        ClickhouseClient.statements(ctx, steps);
        LOG.warn("Database {} of {} rolled back to its tables before the restore", db, ctx.spec().name());
    }
}
