package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB and MySQL, online. In a container the server's own client tools run inside it
 * ({@code mariadb} / {@code mariadb-dump}, or {@code mysql} / {@code mysqldump} where those
 * are the names found), connecting over the local socket as the container's default user
 * (root, with unix_socket authentication in the Debian and official MariaDB images); over the
 * network the local tools connect with {@code --host/--port/--user}, the password always in
 * {@code MYSQL_PWD}, never on a command line.
 *
 * <p>Backup: {@code users.sql} (accounts, roles and grants: {@code mariadb-dump --system=users
 * --insert-ignore} on MariaDB, so every account is {@code CREATE USER IF NOT EXISTS}; on MySQL
 * or an old MariaDB built from {@code SHOW CREATE USER} and {@code SHOW GRANTS}), then one
 * {@code mariadb-dump --single-transaction --routines --events --triggers DB} per non-system
 * database into {@code db-<name>.sql}. The dumps are taken <em>without</em> {@code --databases},
 * so they hold no {@code CREATE DATABASE}/{@code USE} and load into any database they are fed
 * to; the database's default character set and collation are kept in the artifact's format
 * ({@code mariadb-dump; charset=utf8mb4; collation=utf8mb4_general_ci}). Transactional
 * (InnoDB) tables are copied consistently; MyISAM/Aria tables are read without a lock.
 *
 * <p>Restore: users first. An existing account or role is not an error (nothing is dropped),
 * but the grants and the password hash recorded in the snapshot are applied to it (GRANT
 * statements; grants made since the backup stay). A grant on a table or routine that does not
 * exist (yet) is skipped, and then users.sql is applied once more after the databases, when
 * those objects are back; any other error fails the restore. MariaDB lets only a role's admins
 * grant it, so for each pass the restoring account is lent the admin of existing roles it does
 * not administer (mysql.roles_mapping) and that is taken back afterwards. Then each database,
 * in three steps, because MariaDB has no RENAME DATABASE and RENAME TABLE cannot move views,
 * nor tables that have triggers, to another database:
 * <ol>
 *   <li><b>Prove.</b> The dump is loaded into a scratch database
 *   ({@code snapdock_restore_new_<hash>}), checking on the way that it is complete (the
 *   {@code -- Dump completed} trailer) and has the manifest's SHA-256, then the scratch
 *   database is dropped. A dump that does not load, is truncated or differs fails here, and the
 *   live database has not been touched at all.</li>
 *   <li><b>Keep aside.</b> The live database is copied ({@code mariadb-dump | mariadb}, routines,
 *   events and triggers included) into {@code snapdock_restore_previous_<hash>}. A failure here
 *   also leaves the live database untouched.</li>
 *   <li><b>Replace.</b> Connections using the database are closed, it is dropped, recreated with
 *   the snapshot's character set and collation, and the dump is loaded into it. Only when that
 *   succeeded is the copy dropped. If it fails, the half-restored database is dropped, recreated
 *   with its previous character set and collation and reloaded from the copy; if even that
 *   fails, the copy is kept and the error names it.</li>
 * </ol>
 * So a failed restore leaves each database as it was when its restore started: untouched when
 * the dump itself is at fault (step 1), else put back from the copy, which is a consistent
 * {@code --single-transaction} dump taken at step 2 (writes made after that moment are lost in a
 * roll-back, as they would be by a successful restore). During step 3 the database is
 * incomplete for its readers, as with PostgreSQL. The server needs room for the database twice
 * over. mariadb-dump writes {@code ALTER DATABASE <name>} around routines and triggers created
 * under another database collation than the database's current one; loading the scratch copy
 * runs those on the real name, so a missing database is created empty before step 1 (and
 * dropped again if step 1 fails) and an existing one gets its defaults set back after it.
 * Known limit: an event of the database, when the event scheduler is on (MariaDB's default is
 * off), also runs in the scratch database and in the copy while they exist.
 */
public final class MariadbHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MariadbHandler.class);

    static final String USERS = "users.sql";
    static final String DUMP_FORMAT = "mariadb-dump";
    static final Set<String> SYSTEM_DATABASES = Set.of("information_schema", "performance_schema", "mysql", "sys");
    /** Accounts every server creates itself; never dumped by the SHOW GRANTS fallback. */
    static final Set<String> SYSTEM_ACCOUNTS = Set.of("mariadb.sys@localhost", "mysql.sys@localhost",
            "mysql.session@localhost", "mysql.infoschema@localhost");
    /** Errors a users.sql load may meet without failing: a grant on a table / routine that is not there. */
    static final Set<Integer> MISSING_OBJECT_ERRORS = Set.of(1146, 1305);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final String MARK = "--snapdock-next--";
    /** Finds the client and the dump tool in one round trip: a line each ("" when missing), then "--". */
    static final String DETECT_TOOLS = "for t in mariadb mysql; do if command -v \"$t\" >/dev/null 2>&1; then"
            + " echo \"$t\"; break; fi; done; echo --; for t in mariadb-dump mysqldump; do"
            + " if command -v \"$t\" >/dev/null 2>&1; then echo \"$t\"; break; fi; done";

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    public List<String> aliases() {
        return List.of("mysql");
    }

    /** The container's default user: root, which the local socket authenticates (unix_socket). */
    @Override
    public String execUser() {
        return null;
    }

    // ---- tools and connection ---------------------------------------------------------

    /** The client ({@code mariadb} or {@code mysql}) and the dump tool found where commands run. */
    record Tools(String client, String dump) {
    }

    static Tools parseTools(String detected) {
        String[] parts = detected.replace("\r", "").split("--", -1);
        String client = parts.length > 0 ? parts[0].strip() : "";
        String dump = parts.length > 1 ? parts[1].strip() : "";
        return new Tools(client.isEmpty() ? null : client, dump.isEmpty() ? null : dump);
    }

    /** Looks for the tools once per operation (a MySQL container has mysql/mysqldump only). */
    static Tools tools(StoreContext ctx) throws IOException {
        Tools t = parseTools(Commands.capture(ctx.runner(), "looking for the MariaDB/MySQL client tools on "
                + ctx.spec().name(), List.of("sh", "-c", DETECT_TOOLS), Map.of(), QUERY_TIMEOUT));
        if (t.client() == null || t.dump() == null) {
            throw SnapdockException.failed("no " + (t.client() == null ? "mariadb or mysql client" : "mariadb-dump or mysqldump")
                    + " found in " + ctx.runner().describe() + " for store " + ctx.spec().name());
        }
        return t;
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

    private static String sql(StoreContext ctx, Tools t, String statement) throws IOException {
        return Commands.capture(ctx.runner(), t.client() + " on " + ctx.spec().name(),
                queryCommand(t, ctx.spec(), statement), env(ctx.spec()), QUERY_TIMEOUT);
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

    /** Every database with its default character set and collation, by name. */
    private static Map<String, String[]> schemata(StoreContext ctx, Tools t) throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (List<String> r : rows(sql(ctx, t, "SELECT HEX(SCHEMA_NAME), DEFAULT_CHARACTER_SET_NAME,"
                + " DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME"))) {
            out.put(unhex(r.get(0)), new String[]{r.get(1), r.get(2)});
        }
        return out;
    }

    /** Non-system databases, or the configured list (each must exist). */
    static List<String> databases(StoreSpec spec, Map<String, String[]> schemata) {
        String configured = spec.option("databases", null);
        if (configured != null) {
            List<String> list = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String db : list) {
                if (!schemata.containsKey(db)) {
                    throw SnapdockException.failed("database " + db + " (option databases) does not exist on store "
                            + spec.name());
                }
            }
            return list;
        }
        return schemata.keySet().stream().filter(db -> !SYSTEM_DATABASES.contains(db.toLowerCase(Locale.ROOT))).toList();
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        sql(ctx, tools(ctx), "SELECT 1");
    }

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        StoreSpec spec = ctx.spec();
        Tools tools = tools(ctx);
        String serverVersion = sql(ctx, tools, "SELECT VERSION()").strip();
        ctx.entry().serverVersion = serverVersion;
        ctx.entry().tool = Commands.capture(ctx.runner(), tools.dump() + " --version", List.of(tools.dump(), "--version"),
                Map.of(), QUERY_TIMEOUT).strip();
        Map<String, String[]> schemata = schemata(ctx, tools);
        List<String> databases = databases(spec, schemata);

        Manifest.Artifact users = new Manifest.Artifact();
        users.name = USERS;
        users.kind = "users";
        users.format = "sql";
        boolean mariadb = serverVersion.toLowerCase(Locale.ROOT).contains("mariadb");
        if (mariadb && supportsSystemUsers(ctx, tools)) {
            stream(ctx, sink, users, usersDumpCommand(tools, spec), tools.dump() + " --system=users");
        } else {
            usersFromGrants(ctx, tools, sink, users, mariadb, serverVersion);
        }

        for (String db : databases) {
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = "db-" + Names.fileSafe(db) + ".sql";
            a.kind = "database";
            a.database = db;
            String[] cs = schemata.get(db);
            a.format = format(cs[0], cs[1]);
            stream(ctx, sink, a, dumpCommand(tools, spec, db), tools.dump() + " of database " + db);
        }
    }

    private static boolean supportsSystemUsers(StoreContext ctx, Tools t) throws IOException {
        return Commands.capture(ctx.runner(), t.dump() + " --help", List.of(t.dump(), "--help"), Map.of(), QUERY_TIMEOUT)
                .contains("--system=");
    }

    private static void stream(StoreContext ctx, BackupSink sink, Manifest.Artifact artifact, List<String> argv,
                               String what) throws IOException {
        ToolOutput.intoArtifact(ctx, sink, artifact, argv, env(ctx.spec()), what);
    }

    /** The artifact format of a database dump, with the database's defaults as parameters. */
    static String format(String charset, String collation) {
        StringBuilder sb = new StringBuilder(DUMP_FORMAT);
        if (charset != null && NAME.matcher(charset).matches()) {
            sb.append("; charset=").append(charset);
        }
        if (collation != null && NAME.matcher(collation).matches()) {
            sb.append("; collation=").append(collation);
        }
        return sb.toString();
    }

    /** {charset, collation} from a format written by {@link #format}; an element is null when absent or odd. */
    static String[] charsetOf(String format) {
        String[] out = new String[2];
        if (format == null) {
            return out;
        }
        for (String part : format.split(";")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && NAME.matcher(kv[1].strip()).matches()) {
                if (kv[0].strip().equals("charset")) {
                    out[0] = kv[1].strip();
                } else if (kv[0].strip().equals("collation")) {
                    out[1] = kv[1].strip();
                }
            }
        }
        return out;
    }

    /**
     * users.sql for servers whose dump tool has no --system=users (MySQL, MariaDB before
     * 10.2.37): every account's SHOW CREATE USER (as CREATE USER IF NOT EXISTS), then every
     * SHOW GRANTS, between a header and a trailer the check recognises. MariaDB roles are
     * created the way mariadb-dump does it: administered by a temporary import role, so that
     * loading the file grants them and leaves their admins as the snapshot recorded them
     * (rather than adding the restoring account). Streamed: nothing is held whole.
     */
    static void usersFromGrants(StoreContext ctx, Tools t, BackupSink sink, Manifest.Artifact artifact,
                                boolean mariadb, String serverVersion) throws IOException {
        String listing = mariadb
                ? "SELECT HEX(User), HEX(Host), is_role FROM mysql.user ORDER BY User, Host"
                : "SELECT HEX(User), HEX(Host), 'N' FROM mysql.user ORDER BY User, Host";
        List<String> users = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (List<String> r : rows(sql(ctx, t, listing))) {
            String user = unhex(r.get(0));
            String host = unhex(r.get(1));
            if (r.size() > 2 && "Y".equalsIgnoreCase(r.get(2))) {
                roles.add(ident(user));
            } else if (!SYSTEM_ACCOUNTS.contains(user + "@" + host)) {
                users.add(account(user, host));
            }
        }
        try (ArtifactOutput out = sink.open(artifact)) {
            write(out, usersHeader(ctx.spec().name(), serverVersion));
            if (!users.isEmpty()) {
                queryLines(ctx, t, showScript(users, "SHOW CREATE USER ", !mariadb), line -> {
                    if (!line.equals(MARK)) {
                        write(out, createUserIfNotExists(line) + ";\n");
                    }
                });
            }
            if (!roles.isEmpty()) {
                write(out, IMPORT_ROLE_BEGIN);
                for (String role : roles) {
                    write(out, "CREATE ROLE IF NOT EXISTS " + role + " WITH ADMIN " + IMPORT_ROLE + ";\n");
                }
            }
            List<String> all = new ArrayList<>(users);
            all.addAll(roles);
            if (!all.isEmpty()) {
                queryLines(ctx, t, showScript(all, "SHOW GRANTS FOR ", false), line -> {
                    if (!line.equals(MARK)) {
                        write(out, line + ";\n");
                    }
                });
            }
            if (!roles.isEmpty()) {
                write(out, IMPORT_ROLE_END);
            }
            write(out, "\n-- Dump completed\n");
            ctx.entry().artifacts.add(out.commit());
        }
    }

    static final String IMPORT_ROLE = "snapdock_import_role";
    static final String IMPORT_ROLE_BEGIN = "SELECT COALESCE(CURRENT_ROLE(), 'NONE') INTO @snapdock_role;\n"
            + "CREATE ROLE IF NOT EXISTS " + IMPORT_ROLE + ";\n"
            + "GRANT " + IMPORT_ROLE + " TO CURRENT_USER();\n"
            + "SET ROLE " + IMPORT_ROLE + ";\n";
    static final String IMPORT_ROLE_END = "SET ROLE NONE;\n"
            + "DROP ROLE " + IMPORT_ROLE + ";\n"
            + "EXECUTE IMMEDIATE CONCAT('SET ROLE ', @snapdock_role);\n";

    /** One SHOW statement per account, each answer followed by a marker row. */
    static String showScript(List<String> accounts, String show, boolean mysqlHexAuth) {
        // MySQL 8.0.17+: hashes with unprintable bytes come out as hex literals.
        StringBuilder sb = new StringBuilder(mysqlHexAuth ? "/*!80017 SET SESSION print_identified_with_as_hex = 1 */;\n" : "");
        for (String a : accounts) {
            sb.append(show).append(a).append(";\nSELECT '").append(MARK).append("';\n");
        }
        return sb.toString();
    }

    static String usersHeader(String store, String serverVersion) {
        return "-- Snapdock users dump: accounts and grants of " + store + " from SHOW CREATE USER and SHOW GRANTS\n"
                + "-- Server version\t" + serverVersion + "\n\n"
                + "/*!40101 SET NAMES utf8mb4 */;\n";
    }

    /** SHOW CREATE USER's statement, made idempotent. */
    static String createUserIfNotExists(String statement) {
        return statement.replaceFirst("^(?i)CREATE USER (?!IF NOT EXISTS)", "CREATE USER IF NOT EXISTS ");
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a script through the client, handing every output line (unescaped) to {@code lines}, streamed. */
    private static void queryLines(StoreContext ctx, Tools t, String script, Consumer<String> lines) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(t.client());
        argv.addAll(connection(ctx.spec()));
        argv.addAll(List.of("--batch", "--skip-column-names", "--default-character-set=utf8mb4"));
        try (RunningCommand cmd = ctx.runner().start(argv, env(ctx.spec()), true)) {
            Thread writer = writeAsync(cmd.stdin(), script);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(cmd.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(unescapeBatch(line));
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            cmd.awaitSuccess("reading accounts and grants on " + ctx.spec().name(), QUERY_TIMEOUT);
            join(writer);
        }
    }

    private static Thread writeAsync(OutputStream stdin, String text) {
        Thread t = new Thread(() -> {
            try (OutputStream in = stdin) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the command ended early: its exit code tells why
            }
        }, "snapdock-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- validation -------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        DumpShape shape = new DumpShape();
        data.transferTo(shape);
        String problem = shape.problem();
        if (problem != null) {
            report.add(problem, store, artifact.name, shape.describe());
        }
    }

    /**
     * What a mysqldump-style file looks like at its two ends, read in one pass with bounded
     * memory: a {@code -- MariaDB dump} / {@code -- MySQL dump} line near the top (MariaDB puts
     * a sandbox-mode comment before it) and the {@code -- Dump completed} trailer as the last
     * non-blank line, ended by its newline (missing when the tool died or the file was cut).
     */
    static final class DumpShape extends OutputStream {
        static final int HEAD = 4096;
        static final int TAIL = 4096;
        private static final String[] HEADERS = {"-- MariaDB dump", "-- MySQL dump", "-- Snapdock users dump"};

        private final byte[] head = new byte[HEAD];
        private int headLen;
        private final byte[] tail = new byte[TAIL];
        private long total;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (headLen < HEAD) {
                int n = Math.min(len, HEAD - headLen);
                System.arraycopy(b, off, head, headLen, n);
                headLen += n;
            }
            if (len >= TAIL) {
                System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
            } else {
                System.arraycopy(tail, len, tail, 0, TAIL - len);
                System.arraycopy(b, off, tail, TAIL - len, len);
            }
            total += len;
        }

        boolean hasHeader() {
            for (String line : new String(head, 0, headLen, StandardCharsets.UTF_8).split("\n")) {
                for (String h : HEADERS) {
                    if (line.startsWith(h)) {
                        return true;
                    }
                }
            }
            return false;
        }

        boolean hasTrailer() {
            int n = (int) Math.min(total, TAIL);
            String text = new String(tail, TAIL - n, n, StandardCharsets.UTF_8);
            if (!text.endsWith("\n")) {
                return false; // cut inside the last line
            }
            text = text.stripTrailing();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return last.startsWith("-- Dump completed");
        }

        /** null when it looks whole, else dump_unreadable or dump_truncated. */
        String problem() {
            if (!hasHeader()) {
                return "dump_unreadable";
            }
            return hasTrailer() ? null : "dump_truncated";
        }

        String describe() {
            if (!hasHeader()) {
                return total == 0 ? "empty file" : "not a mariadb-dump / mysqldump output (no dump header)";
            }
            return hasTrailer() ? "complete" : "no '-- Dump completed' trailer: the dump was cut short";
        }
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        Tools tools = tools(ctx);
        Manifest.Artifact users = entry.artifacts.stream().filter(a -> "users".equals(a.kind)).findFirst().orElse(null);
        boolean mariadb = sql(ctx, tools, "SELECT VERSION()").toLowerCase(Locale.ROOT).contains("mariadb");
        ErrorTally first = users == null ? null : restoreUsers(ctx, tools, users, source, mariadb);
        for (Manifest.Artifact a : entry.artifacts) {
            if ("database".equals(a.kind)) {
                restoreDatabase(ctx, tools, a, source);
            }
        }
        if (first != null && first.skipped() > 0) {
            // Grants on tables and routines that came back with their databases.
            ErrorTally second = restoreUsers(ctx, tools, users, source, mariadb);
            if (second.skipped() > 0) {
                LOG.warn("Store {}: {} grant(s) in {} name a table or routine that does not exist and were skipped: {}",
                        ctx.spec().name(), second.skipped(), users.name, String.join(" | ", second.skippedMessages()));
            }
        }
    }

    /** One pass of users.sql; on MariaDB with the admin of existing roles lent for its duration. */
    ErrorTally restoreUsers(StoreContext ctx, Tools t, Manifest.Artifact users, ArtifactSource source,
                            boolean mariadb) throws IOException {
        RoleAdmin lent = null;
        if (mariadb) {
            try {
                lent = lendRoleAdmin(ctx, t);
            } catch (IOException | RuntimeException e) {
                // An account that may not write mysql.* can still restore what it may grant itself.
                LOG.warn("Store {}: cannot lend the restoring account the admin of existing roles: {}",
                        ctx.spec().name(), e.getMessage());
            }
        }
        ErrorTally tally;
        try {
            tally = applyUsers(ctx, t, users, source);
        } catch (IOException | RuntimeException e) {
            if (lent != null) {
                try {
                    returnRoleAdmin(ctx, t, lent, users, source);
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        if (lent != null) {
            returnRoleAdmin(ctx, t, lent, users, source);
        }
        return tally;
    }

    /**
     * MariaDB lets only a role's admins grant it, whatever their other privileges: restoring
     * {@code GRANT analyst TO report@'%'} as root@localhost fails when the role was created by
     * root@'%'. (mariadb-dump's own import role only covers roles it creates.) So the
     * restoring account is made an admin of every existing role it does not administer, in
     * mysql.roles_mapping, for the duration of each users.sql pass, and that is undone after.
     */
    record RoleAdmin(String user, String host, Map<String, String> previous) {
    }

    private RoleAdmin lendRoleAdmin(StoreContext ctx, Tools t) throws IOException {
        String me = unhex(sql(ctx, t, "SELECT HEX(CURRENT_USER())").strip());
        int at = me.lastIndexOf('@');
        String user = me.substring(0, Math.max(at, 0));
        String host = me.substring(at + 1);
        Map<String, String> previous = new LinkedHashMap<>();
        for (List<String> r : rows(sql(ctx, t, "SELECT HEX(r.User), (SELECT m.Admin_option FROM mysql.roles_mapping m"
                + " WHERE m.Role = r.User AND m.User = " + literal(user) + " AND m.Host = " + literal(host) + ")"
                + " FROM mysql.user r WHERE r.is_role = 'Y'"))) {
            String option = r.size() > 1 ? r.get(1) : "NULL";
            if (!"Y".equals(option)) {
                previous.put(unhex(r.get(0)), "NULL".equals(option) ? null : option);
            }
        }
        if (previous.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String role : previous.keySet()) {
            sb.append("INSERT INTO mysql.roles_mapping (Host, User, Role, Admin_option) VALUES (").append(literal(host))
                    .append(", ").append(literal(user)).append(", ").append(literal(role))
                    .append(", 'Y') ON DUPLICATE KEY UPDATE Admin_option = 'Y'; ");
        }
        sql(ctx, t, sb + "FLUSH PRIVILEGES");
        LOG.info("Store {}: {} is admin of role(s) {} while users are restored", ctx.spec().name(), me, previous.keySet());
        return new RoleAdmin(user, host, previous);
    }

    /** Takes the lent admin rights back, except where the snapshot itself grants the role to the restoring account. */
    private void returnRoleAdmin(StoreContext ctx, Tools t, RoleAdmin lent, Manifest.Artifact users,
                                 ArtifactSource source) throws IOException {
        Map<String, String> wanted = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(source.open(users), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                for (String role : lent.previous().keySet()) {
                    String granted = roleGrantIn(line, role, lent.user(), lent.host());
                    if (granted != null && !"Y".equals(wanted.get(role))) {
                        wanted.put(role, granted);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : lent.previous().entrySet()) {
            String role = e.getKey();
            String option = "Y".equals(wanted.get(role)) ? "Y"
                    : wanted.containsKey(role) || e.getValue() != null ? "N" : null;
            String where = " WHERE Host = " + literal(lent.host()) + " AND User = " + literal(lent.user()) + " AND Role = "
                    + literal(role) + "; ";
            if (option == null) {
                sb.append("DELETE FROM mysql.roles_mapping").append(where);
            } else if (option.equals("N")) {
                sb.append("UPDATE mysql.roles_mapping SET Admin_option = 'N'").append(where);
            }
        }
        sql(ctx, t, sb + "FLUSH PRIVILEGES");
    }

    /**
     * Whether a users.sql line grants {@code role} to {@code user@host}: "Y" with the admin
     * option, "N" without, null when it does not.
     */
    static String roleGrantIn(String line, String role, String user, String host) {
        String l = line.strip();
        for (char q : new char[]{'`', '\''}) {
            String qq = String.valueOf(q);
            String grant = "GRANT " + q + role.replace(qq, qq + qq) + q + " TO " + q + user.replace(qq, qq + qq) + q
                    + "@" + q + host.replace(qq, qq + qq) + q;
            int i = l.indexOf(grant);
            if (i >= 0 && (i == 0 || l.startsWith("/*M!"))) {
                return l.substring(i + grant.length()).startsWith(" WITH ADMIN OPTION") ? "Y" : "N";
            }
        }
        return null;
    }

    /**
     * Applies users.sql with --force, the client's stderr merged into its stdout so that every
     * error line is read (not just a tail); fails on any error but a missing table/routine.
     */
    private ErrorTally applyUsers(StoreContext ctx, Tools t, Manifest.Artifact a, ArtifactSource source)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" 2>&1"));
        argv.addAll(loadCommand(t, ctx.spec(), null, true));
        ErrorTally tally = new ErrorTally();
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(argv, env(ctx.spec()), true)) {
            Thread reader = readLines(cmd.stdout(), tally::accept);
            Fed fed = feed(in, cmd.stdin());
            int code = cmd.waitFor(ctx.timeout());
            join(reader);
            if (tally.failed() > 0) {
                throw SnapdockException.failed("restoring users of " + ctx.spec().name() + " failed: "
                        + String.join(" | ", tally.failedMessages()));
            }
            if (code != 0 || !fed.complete()) {
                throw SnapdockException.failed("restoring users of " + ctx.spec().name() + " failed ("
                        + t.client() + " exit " + code + "): " + RunningCommand.summary(cmd.stderr()));
            }
            fed.verify(a, "users of " + ctx.spec().name());
        }
        return tally;
    }

    private static Thread readLines(InputStream in, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the command ended or was closed
            }
        }, "snapdock-lines");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The client's {@code ERROR nnnn (state) at line n: …} lines, split into tolerated and fatal. */
    static final class ErrorTally {
        private static final Pattern ERROR = Pattern.compile("^ERROR (\\d+)(?: \\(\\w+\\))?(?: at line \\d+)?: .*");
        private static final int KEEP = 5;
        private int skipped;
        private int failed;
        private final List<String> skippedMessages = new ArrayList<>();
        private final List<String> failedMessages = new ArrayList<>();

        synchronized void accept(String line) {
            Matcher m = ERROR.matcher(line.strip());
            if (!m.matches()) {
                return;
            }
            String msg = Secrets.redact(line.strip());
            if (MISSING_OBJECT_ERRORS.contains(Integer.parseInt(m.group(1)))) {
                if (skipped++ < KEEP) {
                    skippedMessages.add(msg);
                }
            } else if (failed++ < KEEP) {
                failedMessages.add(msg);
            }
        }

        synchronized int skipped() {
            return skipped;
        }

        synchronized int failed() {
            return failed;
        }

        synchronized List<String> skippedMessages() {
            return List.copyOf(skippedMessages);
        }

        synchronized List<String> failedMessages() {
            List<String> out = new ArrayList<>(failedMessages);
            if (failed > KEEP) {
                out.add("(" + (failed - KEEP) + " more)");
            }
            return out;
        }
    }

    /** What was fed to a loader: whether all of it went in, its SHA-256 and its shape. */
    record Fed(boolean complete, String sha256, DumpShape shape) {
        /** Fails when the input was not a whole dump with the manifest's checksum. */
        void verify(Manifest.Artifact a, String what) {
            if (!complete) {
                throw SnapdockException.failed("loading " + a.name + " (" + what + ") stopped before the end of the dump");
            }
            if (shape.problem() != null) {
                throw SnapdockException.failed(a.name + " (" + what + ") is not a complete dump: " + shape.describe());
            }
            if (a.sha256 != null && !a.sha256.equalsIgnoreCase(sha256)) {
                throw SnapdockException.failed(a.name + " (" + what + ") read back with SHA-256 " + sha256
                        + ", the manifest says " + a.sha256);
            }
        }
    }

    /** Copies {@code in} to a command's stdin, hashing and shaping it; stops writing if the command stops reading. */
    static Fed feed(InputStream in, OutputStream stdin) throws IOException {
        MessageDigest sha = ArtifactOutput.newSha256();
        DumpShape shape = new DumpShape();
        boolean open = true;
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            sha.update(buf, 0, n);
            shape.write(buf, 0, n);
            try {
                stdin.write(buf, 0, n);
            } catch (IOException e) {
                open = false;
                break;
            }
        }
        try {
            stdin.close();
        } catch (IOException e) {
            open = false;
        }
        return new Fed(open, HexFormat.of().formatHex(sha.digest()), shape);
    }

    private void restoreDatabase(StoreContext ctx, Tools t, Manifest.Artifact a, ArtifactSource source)
            throws IOException {
        String db = a.database;
        String scratch = scratchName(db);
        String aside = asideName(db);
        String[] previous = schemata(ctx, t).get(db);
        boolean exists = previous != null;
        String[] wanted = charsetOf(a.format);
        if (wanted[0] == null && exists) {
            wanted = previous;
        }

        // 1. Prove the dump loads, away from the live database. (A database that is missing is
        // created empty first: mariadb-dump may write ALTER DATABASE <name> around routines.)
        sql(ctx, t, "DROP DATABASE IF EXISTS " + ident(scratch));
        sql(ctx, t, createDatabase(scratch, wanted));
        if (!exists) {
            sql(ctx, t, createDatabase(db, wanted));
        }
        try {
            load(ctx, t, a, source, scratch);
        } catch (IOException | RuntimeException e) {
            dropQuietly(ctx, t, scratch, e);
            if (!exists) {
                dropQuietly(ctx, t, db, e);
            } else {
                keepCharset(ctx, t, db, previous, e);
            }
            throw SnapdockException.failed("database " + db + " of " + ctx.spec().name() + " was not restored (left as"
                    + " it was): its dump does not load: " + e.getMessage());
        }
        sql(ctx, t, "DROP DATABASE " + ident(scratch));
        if (exists) {
            keepCharset(ctx, t, db, previous, null);
        }

        // 2. Keep the live database aside (a full copy) until its replacement is complete.
        if (exists) {
            sql(ctx, t, "DROP DATABASE IF EXISTS " + ident(aside));
            sql(ctx, t, createDatabase(aside, previous));
            try {
                copy(ctx, t, db, aside);
            } catch (IOException | RuntimeException e) {
                dropQuietly(ctx, t, aside, e);
                throw SnapdockException.failed("database " + db + " of " + ctx.spec().name() + " was not restored (left"
                        + " as it was): copying it aside failed: " + e.getMessage());
            }
        }

        // 3. Replace it; on failure put the copy back.
        try {
            closeConnections(ctx, t, db);
            // A lock still held elsewhere makes the drop fail (and roll back) instead of waiting for a day.
            sql(ctx, t, "SET SESSION lock_wait_timeout = 60; DROP DATABASE IF EXISTS " + ident(db));
            sql(ctx, t, createDatabase(db, wanted));
            load(ctx, t, a, source, db);
        } catch (IOException | RuntimeException e) {
            if (exists) {
                rollBack(ctx, t, db, aside, previous, e);
            } else {
                dropQuietly(ctx, t, db, e);
            }
            throw e;
        }
        if (exists) {
            sql(ctx, t, "DROP DATABASE " + ident(aside));
        }
    }

    /** Sets the live database's defaults back if loading the scratch copy changed them (see the class comment). */
    private static void keepCharset(StoreContext ctx, Tools t, String db, String[] previous, Exception cause)
            throws IOException {
        try {
            String[] now = schemata(ctx, t).get(db);
            if (now != null && previous[0] != null && !Arrays.equals(now, previous)) {
                sql(ctx, t, createDatabase(db, previous).replaceFirst("^CREATE DATABASE", "ALTER DATABASE"));
            }
        } catch (IOException | RuntimeException e) {
            if (cause == null) {
                throw e;
            }
            cause.addSuppressed(e);
        }
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

    /** Loads artifact {@code a} into database {@code db}; fails unless the whole, unaltered dump loaded. */
    private static void load(StoreContext ctx, Tools t, Manifest.Artifact a, ArtifactSource source, String db)
            throws IOException {
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(loadCommand(t, ctx.spec(), db, false), env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            Fed fed = feed(in, cmd.stdin());
            awaitLoad(cmd, "loading " + a.name + " into database " + db + " on " + ctx.spec().name(), ctx.timeout());
            out.text();
            fed.verify(a, "database " + a.database);
        }
    }

    /** Like awaitSuccess, naming the client's ERROR lines rather than the statement it echoes before them. */
    private static void awaitLoad(RunningCommand cmd, String what, Duration timeout) throws IOException {
        int code = cmd.waitFor(timeout);
        if (code != 0) {
            throw SnapdockException.failed(what + " failed (exit " + code + "): " + errorLines(cmd.stderr()));
        }
    }

    /** The last ERROR lines of a client's stderr (secrets redacted), else its usual summary. */
    static String errorLines(String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : (stderr == null ? "" : stderr).split("\n")) {
            if (line.strip().startsWith("ERROR ")) {
                errors.add(Secrets.redact(line.strip()));
            }
        }
        if (errors.isEmpty()) {
            return RunningCommand.summary(stderr);
        }
        return String.join(" | ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
    }

    /** {@code mariadb-dump from | mariadb to}, streamed through this process. */
    private static void copy(StoreContext ctx, Tools t, String from, String to) throws IOException {
        String what = "copying database " + from + " to " + to + " on " + ctx.spec().name();
        try (RunningCommand load = ctx.runner().start(loadCommand(t, ctx.spec(), to, false), env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(load.stdout());
            Fed fed;
            try (RunningCommand dump = ctx.runner().start(dumpCommand(t, ctx.spec(), from), env(ctx.spec()), false)) {
                fed = feed(dump.stdout(), load.stdin());
                if (fed.complete()) {
                    dump.awaitSuccess(what + " (" + t.dump() + ")", ctx.timeout());
                }
                // else: the loader failed; closing the dump abandons it, and the loader's error is reported below
            }
            awaitLoad(load, what + " (" + t.client() + ")", ctx.timeout());
            out.text();
            if (!fed.complete() || fed.shape().problem() != null) {
                throw SnapdockException.failed(what + ": the dump was incomplete (" + fed.shape().describe() + ")");
            }
        }
    }

    /** Closes the other sessions whose default database is {@code db}, so that DROP DATABASE does not wait on them. */
    private static void closeConnections(StoreContext ctx, Tools t, String db) throws IOException {
        StringBuilder kills = new StringBuilder();
        for (List<String> r : rows(sql(ctx, t, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = " + literal(db)
                + " AND ID <> CONNECTION_ID()"))) {
            if (r.get(0).matches("\\d+")) {
                kills.append("KILL CONNECTION ").append(r.get(0)).append(";\n");
            }
        }
        if (kills.length() > 0) {
            // --force: a session that ended meanwhile ("Unknown thread id") is fine.
            List<String> argv = loadCommand(t, ctx.spec(), null, true);
            Commands.feed(ctx.runner(), "closing connections to " + db + " on " + ctx.spec().name(), argv,
                    env(ctx.spec()), new java.io.ByteArrayInputStream(kills.toString().getBytes(StandardCharsets.UTF_8)),
                    QUERY_TIMEOUT);
        }
    }

    private void rollBack(StoreContext ctx, Tools t, String db, String aside, String[] previous, Exception cause) {
        try {
            sql(ctx, t, "DROP DATABASE IF EXISTS " + ident(db));
            sql(ctx, t, createDatabase(db, previous));
            copy(ctx, t, aside, db);
            sql(ctx, t, "DROP DATABASE " + ident(aside));
            LOG.warn("Restore of database {} on {} failed; it was put back as it was", db, ctx.spec().name());
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("rolling back database " + db + " failed too; its previous"
                    + " content is kept as database " + aside + ": " + e.getMessage()));
        }
    }

    private static void dropQuietly(StoreContext ctx, Tools t, String db, Exception cause) {
        try {
            sql(ctx, t, "DROP DATABASE IF EXISTS " + ident(db));
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
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
