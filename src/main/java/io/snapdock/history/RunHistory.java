package io.snapdock.history;

import io.snapdock.model.Json;
import io.snapdock.model.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every run (backup, restore, validate, cleanup, repack) as it was when last saved: at its start
 * and at its end. The record is the run's JSON, exactly what the API shows. A history that cannot
 * be written is logged and never fails the run.
 */
public final class RunHistory {

    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

    private final StateDb db;

    public RunHistory(StateDb db) {
        this.db = db;
    }

    public void save(Run run) {
        String record;
        synchronized (run.stores) {
            record = Json.write(run);
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, created, kind, trigger_source, status,"
                     + " started_at, finished_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                     + " status = excluded.status, started_at = excluded.started_at,"
                     + " finished_at = excluded.finished_at, record = excluded.record")) {
            ps.setString(1, run.id);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, run.kind);
            ps.setString(4, run.trigger);
            ps.setString(5, run.status.name());
            ps.setString(6, run.startedAt);
            ps.setString(7, run.finishedAt);
            ps.setString(8, record);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not save run {} to the history in {}: {}", run.id, db.file(), e.getMessage());
        }
    }

    /** The newest {@code limit} runs, newest first. */
    public List<Run> recent(int limit) {
        return query("SELECT record FROM runs ORDER BY created DESC, rowid DESC LIMIT " + Math.max(0, limit));
    }

    /** Runs recorded as queued or running. */
    public List<Run> unfinished() {
        return query("SELECT record FROM runs WHERE status IN ('queued', 'running')");
    }

    /** The runs a query (no parameters) selects; an unreadable history is logged and reads as empty. */
    private List<Run> query(String sql) {
        List<Run> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs.getString(1)));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not read the run history in {}: {}", db.file(), e.getMessage());
        }
        return out;
    }

    public Run find(String id) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT record FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs.getString(1)) : null;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not read the run history in {}: {}", db.file(), e.getMessage());
            return null;
        }
    }

    private static Run read(String json) {
        try {
            return Json.MAPPER.readValue(json, Run.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable run record: " + e.getOriginalMessage());
        }
    }
}
