package io.snapdock.handlers.mariadb;

import io.snapdock.model.StoreSpec;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MariaDB / MySQL client and dump tool command lines (the password never on them: it goes in
 * {@code MYSQL_PWD}), the SQL names and statements they carry, and the client's {@code --batch}
 * output format.
 */
final class MariadbCommands {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** Finds the client and the dump tool in one round trip: a line each ("" when missing), then "--". */
    static final String DETECT_TOOLS = "for t in mariadb mysql; do if command -v \"$t\" >/dev/null 2>&1; then"
            + " echo \"$t\"; break; fi; done; echo --; for t in mariadb-dump mysqldump; do"
            + " if command -v \"$t\" >/dev/null 2>&1; then echo \"$t\"; break; fi; done";

    private MariadbCommands() {
    }

    /** The client ({@code mariadb} or {@code mysql}) and the dump tool found where commands run. */
    record Tools(String client, String dump) {
    }

    /** The system schemas, as a SQL list (lower case). */
    private static final String SYSTEM_SCHEMAS = "('information_schema', 'performance_schema', 'mysql', 'sys')";

    /** Tables, views, sequences, routines and events in the user schemas: 0 when they hold nothing. */
    static final String USER_OBJECTS_SQL = "SELECT"
            + " (SELECT COUNT(*) FROM information_schema.TABLES WHERE LOWER(TABLE_SCHEMA) NOT IN " + SYSTEM_SCHEMAS
            + ")"
            + " + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE LOWER(ROUTINE_SCHEMA) NOT IN "
            + SYSTEM_SCHEMAS + ")"
            + " + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE LOWER(EVENT_SCHEMA) NOT IN " + SYSTEM_SCHEMAS
            + ")";

    static Tools parseTools(String detected) {
        String[] parts = detected.replace("\r", "").split("--", -1);
        String client = parts.length > 0 ? parts[0].strip() : "";
        String dump = parts.length > 1 ? parts[1].strip() : "";
        return new Tools(client.isEmpty() ? null : client, dump.isEmpty() ? null : dump);
    }

    /**
     * Connection options for every tool; no password here (it goes in MYSQL_PWD). In a
     * container with no host configured the local socket is used; otherwise TCP.
     */
    static List<String> connection(StoreSpec spec) {
        List<String> args = new ArrayList<>();
        boolean tcp = !spec.inContainer() || spec.host() != null;
        if (tcp) {
            args.add("--protocol=TCP");
            args.add("--host=" + (spec.host() != null ? spec.host() : "127.0.0.1"));
        }
        if (spec.port() != null) {
            args.add("--port=" + spec.port());
        }
        if (spec.user() != null) {
            args.add("--user=" + spec.user());
        } else if (tcp) {
            args.add("--user=root");
        }
        return args;
    }

    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.password() != null) {
            env.put("MYSQL_PWD", spec.password());
        }
        return env;
    }

    /** An identifier in backticks: safe for any name. */
    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A utf8mb4 string as a hex literal: no quoting, whatever the sql_mode (NO_BACKSLASH_ESCAPES …). */
    static String literal(String value) {
        return "CONVERT(X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "' USING utf8mb4)";
    }

    static String account(String user, String host) {
        return ident(user) + "@" + ident(host);
    }

    /** A query: one row a line, columns separated by tabs, special characters escaped (--batch). */
    static List<String> queryCommand(Tools t, StoreSpec spec, String sql) {
        List<String> argv = new ArrayList<>();
        argv.add(t.client());
        argv.addAll(connection(spec));
        argv.addAll(List.of("--batch", "--skip-column-names", "--default-character-set=utf8mb4", "-e", sql));
        return argv;
    }

    /** One database's objects and rows, without CREATE DATABASE / USE (no --databases). */
    static List<String> dumpCommand(Tools t, StoreSpec spec, String database) {
        List<String> argv = new ArrayList<>();
        argv.add(t.dump());
        argv.addAll(connection(spec));
        argv.addAll(List.of("--default-character-set=utf8mb4", "--single-transaction", "--routines", "--events",
                "--triggers", "--hex-blob", "--max-allowed-packet=1G", "--", database));
        return argv;
    }

    /** Accounts, roles and grants as CREATE USER IF NOT EXISTS + GRANT (MariaDB ≥ 10.2.37). */
    static List<String> usersDumpCommand(Tools t, StoreSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(t.dump());
        argv.addAll(connection(spec));
        argv.addAll(List.of("--default-character-set=utf8mb4", "--system=users", "--insert-ignore"));
        return argv;
    }

    /** Feeds a dump to the client; stops at the first error unless {@code force}. */
    static List<String> loadCommand(Tools t, StoreSpec spec, String database, boolean force) {
        List<String> argv = new ArrayList<>();
        argv.add(t.client());
        argv.addAll(connection(spec));
        argv.addAll(List.of("--binary-mode", "--batch", "--max-allowed-packet=1G"));
        if (force) {
            argv.add("--force");
        }
        if (database != null) {
            argv.add("--database=" + database);
        }
        return argv;
    }

    /** The rows of a --batch answer, unescaped. */
    static List<List<String>> rows(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            for (String c : line.split("\t", -1)) {
                cols.add(unescapeBatch(c));
            }
            rows.add(cols);
        }
        return rows;
    }

    /** Undoes the client's --batch escaping (\n, \t, \0, \\). */
    static String unescapeBatch(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unhex(String hex) {
        return new String(HexFormat.of().parseHex(hex.strip()), StandardCharsets.UTF_8);
    }

    static String createDatabase(String name, String[] charset) {
        StringBuilder sb = new StringBuilder("CREATE DATABASE ").append(ident(name));
        if (charset != null && charset[0] != null && NAME.matcher(charset[0]).matches()) {
            sb.append(" CHARACTER SET ").append(charset[0]);
            if (charset[1] != null && NAME.matcher(charset[1]).matches()) {
                sb.append(" COLLATE ").append(charset[1]);
            }
        }
        return sb.toString();
    }

    /** Where the dump is proven to load (at most 64 characters, stable per database). */
    static String scratchName(String db) {
        return "snapdock_restore_new_" + hash(db);
    }

    /** Where the live database is copied during its restore. */
    static String asideName(String db) {
        return "snapdock_restore_previous_" + hash(db);
    }

    private static String hash(String db) {
        return HexFormat.of().formatHex(ArtifactOutput.newSha256().digest(db.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
