package io.snapdock.handlers.postgres;

import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The psql, pg_dump, pg_dumpall and pg_restore command lines of a PostgreSQL store, and the SQL they run. */
final class PostgresCommands {

    private PostgresCommands() {
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

    static List<String> cmd(StoreSpec spec, String tool, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(connection(spec));
        argv.addAll(Arrays.asList(args));
        return argv;
    }

    // ---- command lines ----------------------------------------------------------------

    /** One statement in one database, its rows unaligned; stops at the first error. */
    static List<String> psql(StoreSpec spec, String database, String statement) {
        return cmd(spec, "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", dbConn(database), "-c", statement);
    }

    /** Non-template databases that accept connections, NUL-separated. */
    static List<String> listDatabases(StoreSpec spec) {
        return cmd(spec, "psql", "-X", "-q", "-At", "-0", dbConn("postgres"), "-c",
                "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname");
    }

    static List<String> dumpGlobals(StoreSpec spec) {
        return cmd(spec, "pg_dumpall", "--globals-only");
    }

    static List<String> dumpDatabase(StoreSpec spec, String db) {
        return cmd(spec, "pg_dump", "--format=custom", "--compress=0", dbConn(db));
    }

    /** Runs the SQL read from stdin (the globals dump) in database postgres. */
    static List<String> loadGlobals(StoreSpec spec) {
        return cmd(spec, "psql", "-X", "-q", dbConn("postgres"), "-f", "-");
    }

    /** Creates the dump's database (under its own name) and restores it, stopping at the first error. */
    static List<String> restoreDatabase(StoreSpec spec) {
        return cmd(spec, "pg_restore", "--create", "--exit-on-error", dbConn("template1"));
    }

    // ---- SQL --------------------------------------------------------------------------

    /** Where a user's objects live: every schema but the system ones. */
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_%'";

    /** Roles beyond the bootstrap superuser (oid 10) and the built-in pg_* roles. */
    static final String EXTRA_ROLES_SQL = "SELECT count(*) FROM pg_roles WHERE oid <> 10 AND rolname NOT LIKE 'pg\\_%'";

    /**
     * What a user made in one database: relations (tables, views, sequences, indexes), functions,
     * types of their own, schemas other than public, extensions other than plpgsql.
     */
    static final String USER_OBJECTS_SQL = "SELECT"
            + " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA
            + ")"
            + " + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA
            + ")"
            + " + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER_SCHEMA
            + " AND t.typrelid = 0 AND t.typelem = 0)"
            + " + (SELECT count(*) FROM pg_namespace n WHERE " + USER_SCHEMA + " AND n.nspname <> 'public')"
            + " + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')";

    static String existsSql(String db) {
        return "SELECT 1 FROM pg_database WHERE datname = " + literal(db);
    }

    static String dropForcedSql(String db, boolean ifExists) {
        return "DROP DATABASE " + (ifExists ? "IF EXISTS " : "") + ident(db) + " WITH (FORCE)";
    }

    static String allowConnectionsSql(String db, boolean allow) {
        return "ALTER DATABASE " + ident(db) + " WITH ALLOW_CONNECTIONS " + allow;
    }

    static String terminateSessionsSql(String db) {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + literal(db)
                + " AND pid <> pg_backend_pid()";
    }

    static String renameSql(String from, String to) {
        return "ALTER DATABASE " + ident(from) + " RENAME TO " + ident(to);
    }

    /** The name the current database is kept under during its restore (at most 63 bytes). */
    static String asideName(String db) {
        String hash = HexFormat.of().formatHex(ArtifactOutput.newSha256()
                .digest(db.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        return "snapdock_restore_previous_" + hash;
    }
}
