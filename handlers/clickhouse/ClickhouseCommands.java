package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The clickhouse-client command line (credentials in the environment, never on it), the SQL it
 * runs, and the names of backup folders, artifacts and databases kept aside.
 */
final class ClickhouseCommands {

    static final String DEFAULT_BACKUP_DIR = "/var/lib/clickhouse/snapdock-backups";

    private ClickhouseCommands() {
    }

    /** A back-quoted identifier; backslashes and back quotes escaped. */
    static String ident(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** A single-quoted string literal; backslashes and quotes escaped. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String backupSql(String db, String folder) {
        return "BACKUP DATABASE " + ident(db) + " TO File(" + literal(folder) + ")";
    }

    static String restoreSql(String db, String folder) {
        return "RESTORE DATABASE " + ident(db) + " FROM File(" + literal(folder) + ")";
    }

    static String listDatabasesSql() {
        return "SELECT name FROM system.databases"
                + " WHERE name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema') ORDER BY name";
    }

    static String existsSql(String db) {
        return "SELECT count() FROM system.databases WHERE name = " + literal(db);
    }

    static String renameSql(String from, String to) {
        return "RENAME DATABASE " + ident(from) + " TO " + ident(to);
    }

    static String dropSql(String db) {
        return "DROP DATABASE IF EXISTS " + ident(db) + " SYNC";
    }

    /**
     * clickhouse-client with one query; the port from snapdock.port. With a user or password, a
     * small shell writes them into a client configuration file (mode 600, removed when the client
     * ends) from the environment, so they are never on a command line; every release reads that
     * file, while only recent ones read {@code CLICKHOUSE_USER}/{@code CLICKHOUSE_PASSWORD}.
     */
    static List<String> client(StoreSpec spec, String query) {
        return client(spec, query, false);
    }

    /** {@link #client(StoreSpec, String)}; with {@code multi}, the query may be several statements separated by ';'. */
    static List<String> client(StoreSpec spec, String query, boolean multi) {
        List<String> argv = new ArrayList<>();
        if (spec.user() != null || spec.password() != null) {
            argv.addAll(List.of("sh", "-c", CREDENTIALS_SCRIPT, "clickhouse-client"));
        }
        argv.add("clickhouse-client");
        if (spec.host() != null) {
            argv.add("--host=" + spec.host());
        }
        if (spec.port() != null) {
            argv.add("--port=" + spec.port());
        }
        if (multi) {
            argv.add("--multiquery");
        }
        argv.add("--query");
        argv.add(query);
        return argv;
    }

    /** Writes the credentials (already XML-escaped, from the environment) into a private file and runs "$@" with it. */
    static final String CREDENTIALS_SCRIPT = "umask 077; f=$(mktemp) || exit 70; trap 'rm -f \"$f\"' EXIT;"
            + " printf '<config><user>%s</user><password>%s</password></config>\\n'"
            + " \"$SNAPDOCK_CLICKHOUSE_USER\" \"$SNAPDOCK_CLICKHOUSE_PASSWORD\" > \"$f\" || exit 70;"
            + " \"$@\" --config-file=\"$f\"";

    /** The environment of {@link #client}: the credentials, XML-escaped for the configuration file. */
    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.user() != null || spec.password() != null) {
            env.put("SNAPDOCK_CLICKHOUSE_USER", xml(spec.user() == null ? "default" : spec.user()));
            String password = xml(spec.password() == null ? "" : spec.password());
            Secrets.register(password); // its escaped form is a secret too
            env.put("SNAPDOCK_CLICKHOUSE_PASSWORD", password);
        }
        return env;
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    // ---- the per-table method (servers without BACKUP) ----------------------------------

    /** Databases whose tables live on this server (not the MySQL or Dictionary engines, which only show others' data). */
    static String listLocalDatabasesSql() {
        return "SELECT name FROM system.databases WHERE engine IN ('Ordinary', 'Atomic', 'Lazy')"
                + " AND name NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema') ORDER BY name FORMAT TSV";
    }

    /**
     * Every table of {@code db} with its engine and statement ({@code create_table_query}: what
     * {@code SHOW CREATE TABLE} prints, for all tables in one query).
     */
    static String listTablesSql(String db) {
        return "SELECT name, engine, create_table_query FROM system.tables WHERE database = " + literal(db)
                + " ORDER BY name FORMAT TSV";
    }

    /** Which of {@code names} are databases on the server. */
    static String databasesAmongSql(String... names) {
        StringBuilder sb = new StringBuilder("SELECT name FROM system.databases WHERE name IN (");
        for (int i = 0; i < names.length; i++) {
            sb.append(i > 0 ? ", " : "").append(literal(names[i]));
        }
        return sb.append(") FORMAT TSV").toString();
    }

    /** One query counting the rows of each table: answers "index<TAB>count" lines. */
    static String countsSql(String db, List<String> tables) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            sb.append(i > 0 ? " UNION ALL " : "").append("SELECT ").append(i).append(", count() FROM ")
                    .append(ident(db)).append('.').append(ident(tables.get(i)));
        }
        return sb.append(" FORMAT TSV").toString();
    }

    static String showCreateSql(String db, String table) {
        return "SHOW CREATE TABLE " + ident(db) + "." + ident(table) + " FORMAT TSV";
    }

    static String exportSql(String db, String table) {
        return "SELECT * FROM " + ident(db) + "." + ident(table) + " FORMAT Native";
    }

    static String importSql(String db, String table) {
        return "INSERT INTO " + ident(db) + "." + ident(table) + " FORMAT Native";
    }

    static String countSql(String db, String table) {
        return "SELECT count() FROM " + ident(db) + "." + ident(table);
    }

    static String createDatabaseSql(String db) {
        return "CREATE DATABASE " + ident(db);
    }

    /** Without SYNC, which old servers do not know. */
    static String dropDatabaseSql(String db) {
        return "DROP DATABASE IF EXISTS " + ident(db);
    }

    static String dropTableSql(String db, String table) {
        return "DROP TABLE IF EXISTS " + ident(db) + "." + ident(table);
    }

    static String renameTableSql(String fromDb, String toDb, String table) {
        return "RENAME TABLE " + ident(fromDb) + "." + ident(table) + " TO " + ident(toDb) + "." + ident(table);
    }

    /**
     * A materialized view's statement as ATTACH: it takes the inner table that is already there
     * (restored or renamed back) instead of creating an empty one.
     */
    static String attachForm(String create) {
        String s = create.stripLeading();
        if (!s.regionMatches(true, 0, "CREATE ", 0, 7)) {
            throw SnapdockException.failed("not a CREATE statement: " + s.substring(0, Math.min(40, s.length())));
        }
        return "ATTACH " + s.substring(7);
    }

    /** Engines whose rows live in the table itself (a SELECT reads them, an INSERT puts them back). */
    static boolean holdsRows(String engine) {
        return engine.endsWith("MergeTree") || Set.of("TinyLog", "Log", "StripeLog", "Memory").contains(engine);
    }

    /** Engines whose row count after an INSERT is the count inserted (no merge collapses rows). */
    static boolean keepsEveryRow(String engine) {
        return Set.of("MergeTree", "ReplicatedMergeTree", "TinyLog", "Log", "StripeLog", "Memory").contains(engine);
    }

    /** The rows of a TabSeparated answer, each field unescaped. */
    static List<List<String>> tsv(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            for (String f : line.split("\t", -1)) {
                fields.add(unescape(f));
            }
            rows.add(fields);
        }
        return rows;
    }

    /** TabSeparated's escapes: \b \f \r \n \t \0 \' \\ (any other escaped character stands for itself). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                sb.append(c);
                continue;
            }
            char n = field.charAt(++i);
            sb.append(switch (n) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'r' -> '\r';
                case 'n' -> '\n';
                case 't' -> '\t';
                case '0' -> '\0';
                default -> n;
            });
        }
        return sb.toString();
    }

    /** The artifact of one table's rows: the database's dots escaped, so "a.b"+"c" and "a"+"b.c" differ. */
    static String tableArtifactName(String db, String table) {
        return "db-" + Names.fileSafe(db).replace(".", "%2E") + "." + Names.fileSafe(table) + ".native";
    }

    static String schemaArtifactName(String db) {
        return "db-" + Names.fileSafe(db) + ".schema.json";
    }

    /** The folder BACKUP writes into (allowed in the server's backups.allowed_path); absolute, no trailing slash. */
    static String backupDir(StoreSpec spec) {
        String dir = spec.option("backup-dir", DEFAULT_BACKUP_DIR);
        if (!dir.startsWith("/") || dir.equals("/") || dir.contains("/../") || dir.endsWith("/..")
                || dir.contains("'")) {
            throw SnapdockException.badInput("invalid backup-dir " + dir + " for store " + spec.name()
                    + ": an absolute folder allowed in ClickHouse's backups.allowed_path");
        }
        return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    static String newFolderName() {
        return "snapdock-" + UUID.randomUUID().toString().replace("-", "");
    }

    static String artifactName(String db) {
        return "db-" + Names.fileSafe(db) + ".tar";
    }

    /** The database restored is kept under this name until the restore succeeded. */
    static String asideName(String db) {
        String hash = HexFormat.of().formatHex(ArtifactOutput.newSha256()
                .digest(db.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        return "snapdock_restore_previous_" + hash;
    }
}
