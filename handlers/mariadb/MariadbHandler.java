package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.exec.Commands;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.ToolOutput;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.snapdock.handlers.mariadb.MariadbClient.*;
import static io.snapdock.handlers.mariadb.MariadbCommands.*;
import static io.snapdock.handlers.mariadb.UsersDump.*;

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
 *
 * <p>The command lines are in {@link MariadbCommands}, the client round trips in
 * {@link MariadbClient}, users.sql in {@link UsersDump} and {@link UsersRestore}, the three
 * steps of a database restore in {@link DatabaseRestore}, the dump checks in {@link DumpShape}.
 */
public final class MariadbHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MariadbHandler.class);

    static final String USERS = "users.sql";
    static final String DUMP_FORMAT = "mariadb-dump";
    static final Set<String> SYSTEM_DATABASES = Set.of("information_schema", "performance_schema", "mysql", "sys");
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

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

    /** Non-system databases, or the configured list (each must exist). */
    static List<String> databases(StoreSpec spec, Map<String, String[]> schemata) {
        String configured = spec.option("databases", null);
        if (configured != null) {
            List<String> list = Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
            for (String db : list) {
                if (!schemata.containsKey(db)) {
                    throw SnapdockException.failed("database " + db + " (option databases) does not exist on store "
                            + spec.name());
                }
            }
            return list;
        }
        return schemata.keySet().stream().filter(db -> !SYSTEM_DATABASES.contains(db.toLowerCase(Locale.ROOT)))
                .toList();
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        sql(ctx, tools(ctx), "SELECT 1");
    }

    /**
     * Empty: no user schema holds a table, view, sequence, routine or event (a schema an image
     * creates empty at its first start, MARIADB_DATABASE, holds nothing worth keeping). Accounts
     * are not counted: a restore keeps the existing ones and drops none.
     */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        String out = sql(ctx, tools(ctx), USER_OBJECTS_SQL).strip();
        try {
            return Long.parseLong(out) == 0;
        } catch (NumberFormatException e) {
            throw SnapdockException.failed("expected a count from " + ctx.spec().name() + ", got: " + out);
        }
    }

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        StoreSpec spec = ctx.spec();
        Tools tools = tools(ctx);
        String serverVersion = sql(ctx, tools, "SELECT VERSION()").strip();
        ctx.entry().serverVersion = serverVersion;
        ctx.entry().tool = Commands
                .capture(ctx.runner(), tools.dump() + " --version", List.of(tools.dump(), "--version"),
                        Map.of(), QUERY_TIMEOUT)
                .strip();
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

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        Tools tools = tools(ctx);
        Manifest.Artifact users = entry.artifacts.stream().filter(a -> "users".equals(a.kind)).findFirst().orElse(null);
        boolean mariadb = sql(ctx, tools, "SELECT VERSION()").toLowerCase(Locale.ROOT).contains("mariadb");
        ErrorTally first = users == null ? null : restoreUsers(ctx, tools, users, source, mariadb);
        for (Manifest.Artifact a : entry.artifacts) {
            if ("database".equals(a.kind)) {
                DatabaseRestore.restoreDatabase(ctx, tools, a, source);
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
        return UsersRestore.restoreUsers(ctx, t, users, source, mariadb);
    }
}
