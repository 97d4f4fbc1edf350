package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL, online: {@code pg_dumpall --globals-only} (roles, tablespaces) plus one
 * {@code pg_dump -Fc} per non-template database. In a container the tools run inside it, so
 * their version always matches the server's; over the network the local tools are used.
 *
 * <p>Restore: globals first (a role that exists already is not an error), then each database
 * is recreated from its dump. The database being replaced is renamed aside first and only
 * dropped once the new one restored cleanly; on failure it is renamed back.
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

    // ---- connection -------------------------------------------------------------------

    /** Connection options for every tool; no password here (it goes in PGPASSWORD). */
    static List<String> connection(StoreSpec spec) {
        List<String> args = new ArrayList<>();
        if (!spec.inContainer() || spec.host() != null) {
            args.add("--host=" + (spec.host() != null ? spec.host() : "localhost"));
        }
        if (spec.port() != null) {
            args.add("--port=" + spec.port());
        }
        args.add("--username=" + (spec.user() != null ? spec.user() : "postgres"));
        args.add("--no-password");
        return args;
    }

    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.password() != null) {
            env.put("PGPASSWORD", spec.password());
        }
        env.put("PGCONNECT_TIMEOUT", "10");
        return env;
    }

    /** A libpq conninfo naming one database, quoted so any database name is safe. */
    static String dbConn(String database) {
        return "--dbname=dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static List<String> cmd(StoreSpec spec, String tool, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(connection(spec));
        argv.addAll(Arrays.asList(args));
        return argv;
    }

    private static String sql(StoreContext ctx, String database, String statement) throws IOException {
        return Commands.capture(ctx.runner(), "psql on " + ctx.spec().name(),
                cmd(ctx.spec(), "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", dbConn(database), "-c", statement),
                env(ctx.spec()), QUERY_TIMEOUT);
    }

    /** Non-template databases that accept connections, or the configured list. */
    List<String> databases(StoreContext ctx) throws IOException {
        String configured = ctx.spec().option("databases", null);
        if (configured != null) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String out = Commands.capture(ctx.runner(), "listing databases of " + ctx.spec().name(),
                cmd(ctx.spec(), "psql", "-X", "-q", "-At", "-0", dbConn("postgres"), "-c",
                        "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname"),
                env(ctx.spec()), QUERY_TIMEOUT);
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

    @Override
    public Map<String, Object> describe(StoreContext ctx) throws IOException {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("databases", databases(ctx));
        return out;
    }

    @Override
    public Map<String, Object> contents(Manifest.StoreEntry entry) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("databases", entry.artifacts.stream().filter(a -> "database".equals(a.kind)).map(a -> a.database).toList());
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
        stream(ctx, sink, globals, cmd(spec, "pg_dumpall", "--globals-only"), "pg_dumpall --globals-only");

        for (String db : databases) {
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = "db-" + Names.fileSafe(db) + ".dump";
            a.kind = "database";
            a.database = db;
            a.format = "pg_dump-custom";
            stream(ctx, sink, a, cmd(spec, "pg_dump", "--format=custom", "--compress=0", dbConn(db)), "pg_dump of database " + db);
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
        if ("globals".equals(artifact.kind)) {
            byte[] head = data.readNBytes(4096);
            data.transferTo(OutputStream.nullOutputStream());
            String text = new String(head, StandardCharsets.UTF_8);
            if (!text.contains("PostgreSQL database cluster dump")) {
                report.add("globals_unreadable", store, artifact.name, "not a pg_dumpall output");
            }
            return;
        }
        byte[] magic = data.readNBytes(5);
        if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            data.transferTo(OutputStream.nullOutputStream());
            report.add("dump_unreadable", store, artifact.name, "not a pg_dump custom-format archive");
            return;
        }
        if (ctx == null) {
            data.transferTo(OutputStream.nullOutputStream());
            report.warn("native_check_skipped", store, artifact.name, "no pg_restore available to read the dump");
            return;
        }
        // pg_restore --list reads the table of contents and may stop reading early: keep
        // draining the stream (for the checksum) after it has closed its input.
        try (RunningCommand cmd = ctx.runner().start(List.of("pg_restore", "--list"), Map.of(), true)) {
            Commands.Pump listing = Commands.Pump.start(cmd.stdout());
            OutputStream in = cmd.stdin();
            boolean open = true;
            try {
                in.write(magic);
            } catch (IOException e) {
                open = false;
            }
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = data.read(buf)) >= 0) {
                if (open) {
                    try {
                        in.write(buf, 0, n);
                    } catch (IOException e) {
                        open = false;
                    }
                }
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // pg_restore already finished reading
            }
            int code = cmd.waitFor(QUERY_TIMEOUT);
            String toc = listing.text();
            if (code != 0 || !toc.contains("Archive created at")) {
                report.add("dump_unreadable", store, artifact.name,
                        "pg_restore --list failed (exit " + code + "): " + RunningCommand.summary(cmd.stderr()));
            }
        }
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
             RunningCommand cmd = ctx.runner().start(
                     cmd(ctx.spec(), "psql", "-X", "-q", dbConn("postgres"), "-f", "-"), env(ctx.spec()), true)) {
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
                out.add(io.snapdock.config.Secrets.redact(line.strip()));
            }
        }
        return out;
    }

    private void restoreDatabase(StoreContext ctx, Manifest.Artifact a, ArtifactSource source) throws IOException {
        String db = a.database;
        String aside = asideName(db);
        boolean exists = !sql(ctx, "template1", "SELECT 1 FROM pg_database WHERE datname = " + literal(db)).isBlank();
        sql(ctx, "template1", "DROP DATABASE IF EXISTS " + ident(aside) + " WITH (FORCE)");
        if (exists) {
            // Keep the current database under another name until the restored one is complete.
            sql(ctx, "template1", "ALTER DATABASE " + ident(db) + " WITH ALLOW_CONNECTIONS false");
            sql(ctx, "template1", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                    + literal(db) + " AND pid <> pg_backend_pid()");
            sql(ctx, "template1", "ALTER DATABASE " + ident(db) + " RENAME TO " + ident(aside));
        }
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(
                     cmd(ctx.spec(), "pg_restore", "--create", "--exit-on-error", dbConn("template1")),
                     env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            String what = "pg_restore of database " + db + " on " + ctx.spec().name();
            boolean[] writeFailed = {false};
            try (OutputStream stdin = new java.io.FilterOutputStream(cmd.stdin()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        writeFailed[0] = true;
                        throw e;
                    }
                }
            }) {
                in.transferTo(stdin);
            } catch (IOException e) {
                if (writeFailed[0]) {
                    // pg_restore stopped reading (it failed, or its connection was lost): its own
                    // error says why, the broken pipe does not.
                    cmd.awaitSuccess(what, ctx.timeout());
                }
                throw e;
            }
            cmd.awaitSuccess(what, ctx.timeout());
            out.text();
        } catch (IOException | RuntimeException e) {
            if (exists) {
                rollBack(ctx, db, aside, e);
            }
            throw e;
        }
        if (exists) {
            sql(ctx, "template1", "DROP DATABASE " + ident(aside) + " WITH (FORCE)");
        }
    }

    private void rollBack(StoreContext ctx, String db, String aside, Exception cause) {
        try {
            sql(ctx, "template1", "DROP DATABASE IF EXISTS " + ident(db) + " WITH (FORCE)");
            sql(ctx, "template1", "ALTER DATABASE " + ident(aside) + " RENAME TO " + ident(db));
            sql(ctx, "template1", "ALTER DATABASE " + ident(db) + " WITH ALLOW_CONNECTIONS true");
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("rolling back database " + db + " failed too; its previous"
                    + " content is kept as database " + aside + ": " + e.getMessage()));
        }
    }

    /** The name the current database is kept under during its restore (at most 63 bytes). */
    static String asideName(String db) {
        String hash = java.util.HexFormat.of().formatHex(io.snapdock.repo.snapshot.ArtifactOutput.newSha256()
                .digest(db.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        return "snapdock_restore_previous_" + hash;
    }
}
