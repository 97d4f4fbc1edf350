package io.snapdock.history;

import io.snapdock.config.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter records: every exchange that failed for good (after its retries), with the
 * run, the route, the store or target it was about, the error's class and message (secrets
 * redacted here, whatever the caller passed), how many times it was tried, and the time. Kept in the state database, so they
 * survive restarts; {@code GET /api/failures} lists them.
 */
public final class FailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    /** One record, as the API shows it. */
    public record Failure(Long id, String at, String runId, String runKind, String routeId, String subject,
            String errorClass, String message, int attempts) {
    }

    private final StateDb db;

    public FailureLog(StateDb db) {
        this.db = db;
    }

    public void record(String runId, String runKind, String routeId, String subject, String errorClass,
                       String message) {
        record(runId, runKind, routeId, subject, errorClass, message, 1);
    }

    public void record(String runId, String runKind, String routeId, String subject, String errorClass, String message,
                       int attempts) {
        String at = Instant.now().toString();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO failures (at, run_id, run_kind, route_id, subject,"
                     + " error_class, message, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, at);
            ps.setString(2, runId);
            ps.setString(3, runKind);
            ps.setString(4, routeId);
            ps.setString(5, Secrets.redact(subject));
            ps.setString(6, errorClass);
            ps.setString(7, Secrets.redact(message));
            ps.setInt(8, attempts);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.error("Could not record a failure of run {} in {}: {}", runId, db.file(), e.getMessage());
        }
    }

    /** The newest {@code limit} records, newest first. */
    public List<Failure> recent(int limit) {
        List<Failure> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c
                     .prepareStatement("SELECT id, at, run_id, run_kind, route_id, subject, error_class,"
                             + " message, attempts FROM failures ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Failure(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the failures in " + db.file() + ": " + e.getMessage(), e);
        }
        return out;
    }
}
