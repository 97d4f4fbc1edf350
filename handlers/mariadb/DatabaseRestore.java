package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
import io.snapdock.model.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.snapdock.handlers.mariadb.MariadbClient.*;
import static io.snapdock.handlers.mariadb.MariadbCommands.*;
import static io.snapdock.handlers.mariadb.MariadbHandler.charsetOf;

/**
 * The restore of one database in three steps (prove, keep aside, replace: see
 * {@link MariadbHandler}), so that a failed restore leaves it as it was.
 */
final class DatabaseRestore {

    private static final Logger LOG = LoggerFactory.getLogger(MariadbHandler.class);

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private DatabaseRestore() {
    }

    static void restoreDatabase(StoreContext ctx, Tools t, Manifest.Artifact a,
                                ArtifactSource source) throws IOException {
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
    private static void keepCharset(StoreContext ctx, Tools t, String db, String[] previous,
                                    Exception cause) throws IOException {
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

    /** Loads artifact {@code a} into database {@code db}; fails unless the whole, unaltered dump loaded. */
    private static void load(StoreContext ctx, Tools t, Manifest.Artifact a, ArtifactSource source,
                             String db) throws IOException {
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(loadCommand(t, ctx.spec(), db, false), env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            FedDump fed = FedDump.feed(in, cmd.stdin());
            awaitLoad(cmd, "loading " + a.name + " into database " + db + " on " + ctx.spec().name(), ctx.timeout());
            out.text();
            fed.verify(a, "database " + a.database);
        }
    }

    /** {@code mariadb-dump from | mariadb to}, streamed through this process. */
    private static void copy(StoreContext ctx, Tools t, String from, String to) throws IOException {
        String what = "copying database " + from + " to " + to + " on " + ctx.spec().name();
        try (RunningCommand load = ctx.runner().start(loadCommand(t, ctx.spec(), to, false), env(ctx.spec()), true)) {
            Commands.Pump out = Commands.Pump.start(load.stdout());
            FedDump fed;
            try (RunningCommand dump = ctx.runner().start(dumpCommand(t, ctx.spec(), from), env(ctx.spec()), false)) {
                fed = FedDump.feed(dump.stdout(), load.stdin());
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
                    env(ctx.spec()),
                    new java.io.ByteArrayInputStream(kills.toString().getBytes(StandardCharsets.UTF_8)),
                    QUERY_TIMEOUT);
        }
    }

    private static void rollBack(StoreContext ctx, Tools t, String db, String aside, String[] previous,
                                 Exception cause) {
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
}
