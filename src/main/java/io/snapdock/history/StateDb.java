package io.snapdock.history;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Snapdock's own embedded database ({@code <snapdock.state-dir>/snapdock.db}, SQLite): the run
 * history, the dead-letter records and the restore journal. No server to run; WAL journal so the service and a CLI
 * command can use it at the same time; synchronous=FULL so a record survives a power cut. The
 * file and its tables are created on first use.
 */
public final class StateDb extends SQLiteDataSource {

    public static final String FILE = "snapdock.db";

    private final Path file;
    private volatile boolean ready;

    public StateDb(Path stateDir) {
        super(config());
        this.file = stateDir.resolve(FILE);
        setUrl("jdbc:sqlite:" + file);
    }

    private static SQLiteConfig config() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.setBusyTimeout(15_000);
        return c;
    }

    public Path file() {
        return file;
    }

    @Override
    public org.sqlite.SQLiteConnection getConnection(String username, String password) throws SQLException {
        if (!ready) {
            createSchema();
        }
        return super.getConnection(username, password);
    }

    private synchronized void createSchema() throws SQLException {
        if (ready) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        try (Connection c = super.getConnection(null, null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, created INTEGER NOT NULL, kind TEXT,"
                    + " trigger_source TEXT, status TEXT, started_at TEXT, finished_at TEXT, record TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS runs_created ON runs (created)");
            s.execute("CREATE TABLE IF NOT EXISTS failures (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
                    + " run_id TEXT, run_kind TEXT, route_id TEXT, subject TEXT, error_class TEXT, message TEXT, attempts INTEGER)");
            s.execute("CREATE TABLE IF NOT EXISTS restore_journal (run_id TEXT NOT NULL, store TEXT NOT NULL,"
                    + " stamp TEXT NOT NULL, safety TEXT, source TEXT, pid INTEGER, host TEXT, owner TEXT, at TEXT NOT NULL,"
                    + " PRIMARY KEY (run_id, store))");
            // Added in format 2 of the journal: what an entry belongs to, and its retries.
            addMissingColumns(c, "restore_journal", "repository_id TEXT", "store_identity TEXT",
                    "attempts INTEGER NOT NULL DEFAULT 0", "next_attempt TEXT", "last_error TEXT", "parked TEXT");
        }
        ready = true;
    }

    /** {@code ALTER TABLE … ADD COLUMN} for each column a database written by an older version lacks. */
    private static void addMissingColumns(Connection c, String table, String... columns) throws SQLException {
        java.util.Set<String> have = new java.util.HashSet<>();
        try (Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                have.add(rs.getString("name"));
            }
        }
        for (String column : columns) {
            if (!have.contains(column.substring(0, column.indexOf(' ')))) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE " + table + " ADD COLUMN " + column);
                }
            }
        }
    }
}
