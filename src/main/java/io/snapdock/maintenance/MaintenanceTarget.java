package io.snapdock.maintenance;

import java.util.List;
import java.util.Map;

/**
 * A database that maintenance works on ({@code snapdock.maintenance.targets.NAME.*}): where it
 * is, which rows to prune, which tables get autovacuum settings, which tables are repacked. The
 * password is never serialised or logged.
 */
public record MaintenanceTarget(String name, String url, String user, String password, String container,
        List<PruneRule> rules, Map<String, List<String>> autovacuum, List<String> repackTables) {

    /** The indexes the rules need, each once. */
    public List<IndexSpec> indexes() {
        return rules.stream().map(PruneRule::indexSpec).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The database name from the JDBC URL ({@code jdbc:postgresql://host:port/db?…}). */
    public String database() {
        return JdbcUrl.parse(url).database();
    }

    @Override
    public String toString() {
        return "target " + name;
    }
}
