package io.snapdock.handlers.postgres;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.ToolOutput;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.postgres.PostgresCommands.*;

/**
 * PostgreSQL, online: {@code pg_dumpall --globals-only} (roles, tablespaces) plus one
 * {@code pg_dump -Fc} per non-template database. In a container the tools run inside it, so
 * their version always matches the server's; over the network the local tools are used.
 *
 * <p>Restore: globals first (a role that exists already is not an error), then each database
 * is recreated from its dump. The database being replaced is renamed aside first and only
 * dropped once the new one restored cleanly; on failure it is renamed back.
 *
 * <p>The command lines and SQL are in {@link PostgresCommands}, the artifact checks in
 * {@link PostgresDumpCheck}.
 */
public final class PostgresHandler implements StoreHandler {

    static final String GLOBALS = "globals.sql";
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public List<String> aliases() {
        return List.of("postgresql");
    }

    /** Inside the container the tools connect over the local socket as the postgres OS user (peer). */
    @Override
    public String execUser() {
        return "postgres";
    }

    @Override
    public String dataPath() {
        return "/var/lib/postgresql/data";
    }

    private static String sql(StoreContext ctx, String database, String statement) throws IOException {
        return Commands.capture(ctx.runner(), "psql on " + ctx.spec().name(), psql(ctx.spec(), database, statement),
                env(ctx.spec()), QUERY_TIMEOUT);
    }

    /** Non-template databases that accept connections, or the configured list. */
    List<String> databases(StoreContext ctx) throws IOException {
        String configured = ctx.spec().option("databases", null);
        if (configured != null) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String out = Commands.capture(ctx.runner(), "listing databases of " + ctx.spec().name(),
                listDatabases(ctx.spec()), env(ctx.spec()), QUERY_TIMEOUT);
        return Arrays.stream(out.split("\0")).map(s -> s.replaceAll("^\n|\n$", "")).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        sql(ctx, "postgres", "SELECT 1");
    }

    /** After a restore: the server answers and every database the snapshot held is there and accepts connections. */
    @Override
    public void postCheck(StoreContext ctx, Manifest.StoreEntry entry) throws IOException {
        List<String> now = databases(ctx);
        for (Manifest.Artifact a : entry.artifacts) {
            if ("database".equals(a.kind) && !now.contains(a.database)) {
                throw SnapdockException.failed("database " + a.database + " of " + ctx.spec().name()
                        + " is missing after the restore (there: " + String.join(", ", now) + ")");
            }
            if ("database".equals(a.kind)) {
                sql(ctx, a.database, "SELECT 1");
            }
        }
    }

    /**
     * Empty: no role beyond the bootstrap superuser and the built-in ones, and no database (the
     * default one included) holding anything a user made (a table, view, sequence, function,
     * type, schema or extension). An empty database that an image creates at its first start
     * (POSTGRES_DB) holds nothing worth keeping.
     */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        if (count(sql(ctx, "postgres", EXTRA_ROLES_SQL)) > 0) {
            return false;
        }
        for (String db : databases(ctx)) {
            if (count(sql(ctx, db, USER_OBJECTS_SQL)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A count psql printed ({@code -At}); anything else is an error. */
    static long count(String out) {
        try {
            return Long.parseLong(out.strip());
        } catch (NumberFormatException e) {
            throw SnapdockException.failed("expected a count from psql, got: " + out.strip());
        }
    }

    @Override
    public Map<String, Object> describe(StoreContext ctx) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("databases", databases(ctx));
        return out;
    }

    @Override
    public Map<String, Object> contents(Manifest.StoreEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("databases",
                entry.artifacts.stream().filter(a -> "database".equals(a.kind)).map(a -> a.database).toList());
        out.put("bytes", entry.artifacts.stream().mapToLong(a -> a.size).sum());
        return out;
    }

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        StoreSpec spec = ctx.spec();
        ctx.entry().serverVersion = sql(ctx, "postgres", "SHOW server_version").trim();
        ctx.entry().tool = Commands.capture(ctx.runner(), "pg_dump --version", List.of("pg_dump", "--version"),
                Map.of(), QUERY_TIMEOUT).trim();
        List<String> databases = databases(ctx);

        Manifest.Artifact globals = new Manifest.Artifact();
        globals.name = GLOBALS;
        globals.kind = "globals";
        globals.format = "sql";
        stream(ctx, sink, globals, dumpGlobals(spec), "pg_dumpall --globals-only");

        for (String db : databases) {
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = "db-" + Names.fileSafe(db) + ".dump";
            a.kind = "database";
            a.database = db;
            a.format = "pg_dump-custom";
            stream(ctx, sink, a, dumpDatabase(spec, db), "pg_dump of database " + db);
        }
    }

    private static void stream(StoreContext ctx, BackupSink sink, Manifest.Artifact artifact, List<String> argv,
                               String what) throws IOException {
        ToolOutput.intoArtifact(ctx, sink, artifact, argv, env(ctx.spec()), what);
    }

    // ---- validation -------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        PostgresDumpCheck.check(ctx, store, artifact, data, report);
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        for (Manifest.Artifact a : entry.artifacts) {
            if ("globals".equals(a.kind)) {
                restoreGlobals(ctx, a, source);
            }
        }
        for (Manifest.Artifact a : entry.artifacts) {
            if ("database".equals(a.kind)) {
                restoreDatabase(ctx, a, source);
            }
        }
    }

    private void restoreGlobals(StoreContext ctx, Manifest.Artifact a, ArtifactSource source) throws IOException {
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(loadGlobals(ctx.spec()), env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            try (OutputStream stdin = cmd.stdin()) {
                in.transferTo(stdin);
            }
            int code = cmd.waitFor(ctx.timeout());
            out.text();
            List<String> errors = unexpectedErrors(cmd.stderr());
            if (code != 0 || !errors.isEmpty()) {
                throw SnapdockException.failed("restoring roles of " + ctx.spec().name() + " failed: "
                        + (errors.isEmpty() ? "psql exit " + code : String.join(" | ", errors)));
            }
        }
    }

    /** psql's ERROR lines, except "already exists" (the role or tablespace is there: fine). */
    static List<String> unexpectedErrors(String stderr) {
        List<String> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("ERROR:") && !line.contains("already exists")) {
                out.add(Secrets.redact(line.strip()));
            }
        }
        return out;
    }

    private void restoreDatabase(StoreContext ctx, Manifest.Artifact a, ArtifactSource source) throws IOException {
        String db = a.database;
        String aside = asideName(db);
        boolean exists = !sql(ctx, "template1", existsSql(db)).isBlank();
        sql(ctx, "template1", dropForcedSql(aside, true));
        if (exists) {
            // Keep the current database under another name until the restored one is complete.
            sql(ctx, "template1", allowConnectionsSql(db, false));
            sql(ctx, "template1", terminateSessionsSql(db));
            sql(ctx, "template1", renameSql(db, aside));
        }
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(PostgresCommands.restoreDatabase(ctx.spec()), env(ctx.spec()),
                     true)) {
            String what = "pg_restore of database " + db + " on " + ctx.spec().name();
            cmd.feed(in, what, ctx.timeout());   // pg_restore's own error when it stops reading
        } catch (IOException | RuntimeException e) {
            if (exists) {
                rollBack(ctx, db, aside, e);
            }
            throw e;
        }
        if (exists) {
            sql(ctx, "template1", dropForcedSql(aside, false));
        }
    }

    private void rollBack(StoreContext ctx, String db, String aside, Exception cause) {
        try {
            sql(ctx, "template1", dropForcedSql(db, true));
            sql(ctx, "template1", renameSql(aside, db));
            sql(ctx, "template1", allowConnectionsSql(db, true));
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("rolling back database " + db + " failed too; its previous"
                    + " content is kept as database " + aside + ": " + e.getMessage()));
        }
    }
}
