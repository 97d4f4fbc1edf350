package io.snapdock.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "Restoring store X of run R from stamp S, safety snapshot T", in Snapdock's state database
 * (table {@code restore_journal}), written BEFORE the store is touched and cleared once its
 * restore is confirmed or rolled back. An entry still there belongs to a restore whose process
 * died or whose rollback failed: the recovery route rolls the store back from its safety
 * snapshot, at every start and, in a running service, again and again with a growing delay
 * ({@link #defer}) until it succeeds. An entry names what it belongs to (the repository's id,
 * the safety snapshot, the store's identity); one that can never be applied is parked
 * ({@link #park}): reported, never retried, never applied to another store of the same name.
 * Unlike the run history, a journal that cannot be written fails the restore: without it a crash
 * could leave a store half-restored with no one to notice.
 */
public final class RestoreJournal {

    /**
     * One open entry. {@code owner} is the Snapdock instance that wrote it (for the log);
     * {@code repositoryId} the id in the repository's {@code config.json}; {@code storeIdentity}
     * what the store was ({@code type@container} or {@code type@host:port}); {@code attempts} the
     * rollbacks tried after the failed restore, {@code nextAttempt} when a running service tries
     * again, {@code lastError} why the last one failed; {@code parked} why it is never retried
     * (null while it is).
     */
    public record Entry(String run, String store, String stamp, String safety, String source, long pid, String host,
            String owner, String at, String repositoryId, String storeIdentity, int attempts, String nextAttempt,
            String lastError, String parked) {

        /** A new entry, before the store is touched. */
        public static Entry opened(String run, String store, String stamp, String safety, String source, long pid,
                                   String host, String owner, String at, String repositoryId, String storeIdentity) {
            return new Entry(run, store, stamp, safety, source, pid, host, owner, at, repositoryId, storeIdentity, 0,
                    null, null, null);
        }

        /** Still retried: not parked. */
        public boolean pending() {
            return parked == null;
        }

        /** A running service tries it now: not parked, and its delay (if any) has passed. */
        public boolean due(Instant now) {
            return pending() && (nextAttempt == null || !Instant.parse(nextAttempt).isAfter(now));
        }
    }

    /** Entries whose restore is running in this JVM now (run + store): never rolled back from under it. */
    private static final java.util.Set<String> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final String COLUMNS = "run_id, store, stamp, safety, source, pid, host, owner, at, repository_id,"
            + " store_identity, attempts, next_attempt, last_error, parked";

    private final StateDb db;

    /** True while the restore of {@code store} in run {@code run} is being worked on in this JVM. */
    public static boolean active(String run, String store) {
        return ACTIVE.contains(run + "/" + store);
    }

    /** This JVM works on the entry now (a restore, or the rollback of a recovery): no one else takes it up. */
    public static void claim(String run, String store) {
        ACTIVE.add(run + "/" + store);
    }

    /** This JVM no longer works on the entry (it stays open when its rollback failed). */
    public static void release(String run, String store) {
        ACTIVE.remove(run + "/" + store);
    }

    public RestoreJournal(StateDb db) {
        this.db = db;
    }

    public void open(Entry e) {
        claim(e.run(), e.store());
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO restore_journal (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.run());
            ps.setString(2, e.store());
            ps.setString(3, e.stamp());
            ps.setString(4, e.safety());
            ps.setString(5, e.source());
            ps.setLong(6, e.pid());
            ps.setString(7, e.host());
            ps.setString(8, e.owner());
            ps.setString(9, e.at());
            ps.setString(10, e.repositoryId());
            ps.setString(11, e.storeIdentity());
            ps.setInt(12, e.attempts());
            ps.setString(13, e.nextAttempt());
            ps.setString(14, e.lastError());
            ps.setString(15, e.parked());
            ps.executeUpdate();
        } catch (SQLException ex) {
            release(e.run(), e.store());
            throw io.snapdock.SnapdockException.failed("cannot write the restore journal in " + db.file()
                    + ": " + ex.getMessage() + "; the store was not touched");
        }
    }

    public void clear(String run, String store) {
        update("DELETE FROM restore_journal WHERE run_id = ? AND store = ?", run, store);
    }

    /**
     * A rollback failed again: counted, with its (redacted) reason, and the time a running service
     * tries next: {@code initial} after the first failure, doubling up to {@code max}.
     */
    public Entry defer(String run, String store, String error, Duration initial, Duration max, Instant now) {
        Entry e = find(run, store);
        int attempts = (e == null ? 0 : e.attempts()) + 1;
        String next = now.plus(backoff(attempts, initial, max)).toString();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE restore_journal SET attempts = ?, next_attempt = ?,"
                     + " last_error = ? WHERE run_id = ? AND store = ?")) {
            ps.setInt(1, attempts);
            ps.setString(2, next);
            ps.setString(3, io.snapdock.config.Secrets.redact(error));
            ps.setString(4, run);
            ps.setString(5, store);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw failed("update", ex);
        }
        return find(run, store);
    }

    /** The delay before retry number {@code attempts} + 1: doubling from {@code initial}, at most {@code max}. */
    public static Duration backoff(int attempts, Duration initial, Duration max) {
        Duration d = initial;
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The entry can never be applied (why: {@code reason}): kept for the operator, never retried. */
    public void park(String run, String store, String reason) {
        update("UPDATE restore_journal SET parked = ?, next_attempt = NULL WHERE run_id = ? AND store = ?",
                io.snapdock.config.Secrets.redact(reason), run, store);
    }

    /**
     * The operator gives up a parked entry (the safety snapshot stays in the repository). Returns
     * false when there is no such parked entry: a pending one is never dismissed from under its retries.
     */
    public boolean dismiss(String run, String store) {
        Entry e = find(run, store);
        if (e == null || e.pending()) {
            return false;
        }
        clear(run, store);
        return true;
    }

    /** The entry of {@code store} in run {@code run}, or null. */
    public Entry find(String run, String store) {
        List<Entry> found = query("SELECT " + COLUMNS + " FROM restore_journal WHERE run_id = ? AND store = ?", run,
                store);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every open entry (pending and parked), oldest first. */
    public List<Entry> entries() {
        return query("SELECT " + COLUMNS + " FROM restore_journal ORDER BY at");
    }

    private List<Entry> query(String sql, String... args) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getInt(12), rs.getString(13), rs.getString(14),
                            rs.getString(15)));
                }
            }
        } catch (SQLException ex) {
            throw failed("read", ex);
        }
        return out;
    }

    private void update(String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw failed("update", ex);
        }
    }

    private io.snapdock.SnapdockException failed(String what, SQLException ex) {
        return io.snapdock.SnapdockException.failed("cannot " + what + " the restore journal in " + db.file() + ": "
                + ex.getMessage());
    }
}
