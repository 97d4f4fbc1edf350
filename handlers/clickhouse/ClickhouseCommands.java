package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    /** clickhouse-client with one query; the port from snapdock.port, credentials in the environment. */
    static List<String> client(StoreSpec spec, String query) {
        List<String> argv = new ArrayList<>(List.of("clickhouse-client"));
        if (spec.host() != null) {
            argv.add("--host=" + spec.host());
        }
        if (spec.port() != null) {
            argv.add("--port=" + spec.port());
        }
        argv.add("--query");
        argv.add(query);
        return argv;
    }

    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.user() != null) {
            env.put("CLICKHOUSE_USER", spec.user());
        }
        if (spec.password() != null) {
            env.put("CLICKHOUSE_PASSWORD", spec.password());
        }
        return env;
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
