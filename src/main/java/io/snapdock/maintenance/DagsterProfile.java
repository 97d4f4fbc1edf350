package io.snapdock.maintenance;

import java.util.List;
import java.util.Map;

/**
 * Ready-made maintenance for a Dagster instance's PostgreSQL storage
 * ({@code snapdock.maintenance.targets.NAME.profile=dagster}).
 *
 * <p>Dagster's {@code event_logs} table holds one row per event: {@code dagster_event_type} is
 * NULL for log lines written by user code, and {@code event} is the serialised EventLogEntry
 * (JSON) whose {@code level} is the Python logging level, written as a number ({@code "level": 10}
 * DEBUG, 20 INFO, 30 WARNING, 40 ERROR; Dagster coerces names to numbers before serialising, and
 * the names are matched too in case an older writer kept them). Only these rows are pruned:
 * user DEBUG lines, user INFO/WARNING lines, and system events that are noise once a run is old.
 * Never the {@code runs} table, never ERROR or CRITICAL lines, never materializations,
 * observations, step or run success/failure events: they are what Dagster's UI and asset
 * history are built from.
 */
public final class DagsterProfile {

    public static final String NAME = "dagster";

    /** Event types that are safe to forget after a while. */
    public static final List<String> NOISY_EVENT_TYPES = List.of(
            "ASSET_MATERIALIZATION_PLANNED", "ENGINE_EVENT", "HANDLED_OUTPUT", "LOADED_INPUT", "STEP_OUTPUT");

    private static final String USER_LOG = "dagster_event_type IS NULL";
    private static final String DEBUG = USER_LOG + " AND (event::json ->> 'level') IN ('10', 'DEBUG')";
    private static final String INFO = USER_LOG + " AND (event::json ->> 'level') IN ('20', '30', 'INFO', 'WARNING')";

    private DagsterProfile() {
    }

    /**
     * The profile's rules with their default retention in days; each can be overridden or switched
     * off by name. Each rule has a partial index on exactly its rows, so a batch reads only rows it
     * deletes (no JSON is parsed to skip rows that are kept).
     */
    public static List<PruneRule> rules(String target, Map<String, Integer> retentionDays) {
        String noisy = "dagster_event_type IN ('" + String.join("', '", NOISY_EVENT_TYPES) + "')";
        return List.of(
                new PruneRule(target, "user-debug", "event_logs", "timestamp", DEBUG,
                        retentionDays.getOrDefault("user-debug", 7), true, DEBUG),
                new PruneRule(target, "user-info", "event_logs", "timestamp", INFO,
                        retentionDays.getOrDefault("user-info", 60), true, INFO),
                new PruneRule(target, "system-events", "event_logs", "timestamp", noisy,
                        retentionDays.getOrDefault("system-events", 30), true, noisy));
    }

    /** Autovacuum for the two tables that grow: vacuum and analyze long before 20% of the table is dead. */
    public static Map<String, List<String>> autovacuum() {
        return Map.of(
                "event_logs", List.of("autovacuum_vacuum_scale_factor=0.02", "autovacuum_analyze_scale_factor=0.01",
                        "autovacuum_vacuum_cost_limit=1000"),
                "runs", List.of("autovacuum_vacuum_scale_factor=0.05", "autovacuum_analyze_scale_factor=0.02"));
    }

    public static List<String> repackTables() {
        return List.of("event_logs", "runs", "job_ticks");
    }
}
