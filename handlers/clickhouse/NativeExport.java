package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.BackupSink;
import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.util.List;

import static io.snapdock.handlers.clickhouse.ClickhouseClient.query;
import static io.snapdock.handlers.clickhouse.ClickhouseCommands.*;

/**
 * The per-table backup of one database, for servers without {@code BACKUP}: every table's
 * statement (what {@code SHOW CREATE TABLE} prints, read for all tables at once from
 * {@code system.tables}), and the rows of every table that holds its own
 * ({@code SELECT * FROM t FORMAT Native}, streamed from clickhouse-client into the artifact,
 * its blocks walked on the way to count the rows); the schema is written last.
 *
 * <p>Each table is read in one query, so each is consistent in itself (a MergeTree SELECT reads
 * the parts there when it started); tables are not consistent with each other.
 */
final class NativeExport {

    static final String SCHEMA = "schema";
    static final String TABLE = "table";
    static final String NATIVE_FORMAT = "clickhouse-native";
    static final String SCHEMA_FORMAT = "clickhouse-schema-json";

    private NativeExport() {
    }

    static void database(StoreContext ctx, BackupSink sink, String db, String serverVersion) throws IOException {
        DatabaseSchema schema = new DatabaseSchema();
        schema.database = db;
        schema.serverVersion = serverVersion;
        List<List<String>> tables = tsv(query(ctx, listTablesSql(db)));
        NativeRestore.refuseAtomicInnerTables(tables, ctx.spec().name());
        for (List<String> row : tables) {
            DatabaseSchema.Table t = new DatabaseSchema.Table();
            t.name = row.get(0);
            t.engine = row.size() > 1 ? row.get(1) : "";
            t.create = row.size() > 2 && !row.get(2).isBlank() ? row.get(2) : showCreate(ctx, db, t.name);
            if (holdsRows(t.engine)) {
                t.artifact = tableArtifactName(db, t.name);
                rows(ctx, sink, db, t);
            }
            schema.tables.add(t);
        }
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = schemaArtifactName(db);
        a.kind = SCHEMA;
        a.database = db;
        a.format = SCHEMA_FORMAT;
        try (ArtifactOutput out = sink.open(a)) {
            out.write(schema.toJson());
            ctx.entry().artifacts.add(out.commit());
        }
    }

    /** The statement of a table system.tables has none for. */
    private static String showCreate(StoreContext ctx, String db, String table) throws IOException {
        List<List<String>> create = tsv(query(ctx, showCreateSql(db, table)));
        if (create.isEmpty() || create.get(0).isEmpty()) {
            throw SnapdockException.failed("SHOW CREATE TABLE of " + db + "." + table + " on " + ctx.spec().name()
                    + " answered nothing");
        }
        return create.get(0).get(0);
    }

    private static void rows(StoreContext ctx, BackupSink sink, String db, DatabaseSchema.Table t) throws IOException {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = t.artifact;
        a.kind = TABLE;
        a.database = db;
        a.format = NATIVE_FORMAT;
        String what = "SELECT … FORMAT Native of " + db + "." + t.name + " on " + ctx.spec().name();
        try (RunningCommand cmd = ClickhouseClient.start(ctx, exportSql(db, t.name), false);
             ArtifactOutput out = sink.open(a)) {
            NativeFormat.Result r = NativeFormat.copy(cmd.stdout(), out);
            cmd.awaitSuccess(what, ctx.timeout());
            if (!r.whole()) {
                throw SnapdockException.failed(what + " wrote a broken Native stream: " + r.problem());
            }
            a.rows = r.rows();
            ctx.entry().artifacts.add(out.commit());
        }
    }
}
