package io.snapdock.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * "Restoring store X of run R from stamp S, safety snapshot T", in Snapdock's state database
 * (table {@code restore_journal}), written BEFORE the store is touched and cleared once its
 * restore is confirmed or rolled back. An entry still there at the next start belongs to a
 * restore whose process died (or whose rollback failed): the recovery route rolls the store back
 * from its safety snapshot. Unlike the run history, a journal that cannot be written fails the
 * restore: without it a crash could leave a store half-restored with no one to notice.
 */
public final class RestoreJournal {

    /** One open entry; {@code owner} is the Snapdock instance that wrote it (see {@code Snapdock#instanceId}), for the log. */
    public record Entry(String run, String store, String stamp, String safety, String source, long pid, String host,
            String owner,
            String at) {
    }

    /** Entries whose restore is running in this JVM now (run + store): never rolled back from under it. */
    private static final java.util.Set<String> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final StateDb db;

    /** True while the restore of {@code store} in run {@code run} is being worked on in this JVM. */
    public static boolean active(String run, String store) {
        return ACTIVE.contains(run + "/" + store);
    }

    /** This JVM no longer works on the entry (it stays open when its rollback failed). */
    public static void release(String run, String store) {
        ACTIVE.remove(run + "/" + store);
    }

    public RestoreJournal(StateDb db) {
        this.db = db;
    }

    public void open(Entry e) {
        ACTIVE.add(e.run() + "/" + e.store());
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO restore_journal (run_id, store, stamp,"
                     + " safety, source, pid, host, owner, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.run());
            ps.setString(2, e.store());
            ps.setString(3, e.stamp());
            ps.setString(4, e.safety());
            ps.setString(5, e.source());
            ps.setLong(6, e.pid());
            ps.setString(7, e.host());
            ps.setString(8, e.owner());
            ps.setString(9, e.at());
            ps.executeUpdate();
        } catch (SQLException ex) {
            release(e.run(), e.store());
            throw io.snapdock.SnapdockException.failed("cannot write the restore journal in " + db.file()
                    + ": " + ex.getMessage() + "; the store was not touched");
        }
    }

    public void clear(String run, String store) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM restore_journal WHERE run_id = ? AND store = ?")) {
            ps.setString(1, run);
            ps.setString(2, store);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw io.snapdock.SnapdockException.failed("cannot clear the restore journal in " + db.file() + ": "
                    + ex.getMessage());
        }
    }

    /** Every open entry, oldest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c
                     .prepareStatement("SELECT run_id, store, stamp, safety, source, pid, host, owner, at"
                             + " FROM restore_journal ORDER BY at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        } catch (SQLException ex) {
            throw io.snapdock.SnapdockException.failed("cannot read the restore journal in " + db.file() + ": "
                    + ex.getMessage());
        }
        return out;
    }
}
