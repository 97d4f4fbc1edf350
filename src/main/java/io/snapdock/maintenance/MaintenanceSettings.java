package io.snapdock.maintenance;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.model.Names;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Everything under {@code snapdock.maintenance.*}, read and checked once. */
public record MaintenanceSettings(boolean enabled, int batchSize, int maxBatches, Duration statementTimeout,
        Duration lockTimeout, Duration indexTimeout, Duration repackTimeout,
        int repackWaitSeconds, String pgRepack, Duration connectTimeout,
        Map<String, MaintenanceTarget> targets) {

    static final String PREFIX = "snapdock.maintenance.targets.";

    public static MaintenanceSettings from(SnapdockConfig config) {
        Map<String, MaintenanceTarget> targets = new TreeMap<>();
        for (String name : targetNames(config)) {
            targets.put(name, target(config, name));
        }
        return new MaintenanceSettings(
                config.flag("snapdock.maintenance.enabled"),
                config.integer("snapdock.maintenance.batch-size", 1, 1_000_000),
                config.integer("snapdock.maintenance.max-batches", 1, 10_000_000),
                config.seconds("snapdock.maintenance.statement-timeout-seconds", 1, 86_400),
                config.seconds("snapdock.maintenance.lock-timeout-seconds", 1, 3600),
                Duration.ofMinutes(config.integer("snapdock.maintenance.index-timeout-minutes", 1, 10_000)),
                Duration.ofMinutes(config.integer("snapdock.maintenance.repack-timeout-minutes", 1, 10_000)),
                config.integer("snapdock.maintenance.repack-wait-timeout-seconds", 1, 86_400),
                config.require("snapdock.maintenance.pg-repack"),
                config.seconds("snapdock.maintenance.connect-timeout-seconds", 1, 600),
                targets);
    }

    /** The targets named in a request (all of them when none is named); an unknown name is bad input. */
    public List<MaintenanceTarget> select(List<String> names) {
        if (targets.isEmpty()) {
            throw SnapdockException
                    .badInput("no maintenance target is configured (snapdock.maintenance.targets.NAME.url)");
        }
        if (names == null || names.isEmpty()) {
            return List.copyOf(targets.values());
        }
        List<MaintenanceTarget> out = new ArrayList<>();
        for (String n : names) {
            MaintenanceTarget t = targets.get(n);
            if (t == null) {
                throw SnapdockException.badInput("unknown maintenance target '" + n.replaceAll("[^A-Za-z0-9_.-]", "?")
                        + "'; configured: " + String.join(", ", targets.keySet()));
            }
            out.add(t);
        }
        return out;
    }

    static Set<String> targetNames(SnapdockConfig config) {
        Set<String> names = new TreeSet<>();
        for (String key : config.resolved().stringPropertyNames()) {
            if (key.startsWith(PREFIX) && key.endsWith(".url")) {
                String name = key.substring(PREFIX.length(), key.length() - ".url".length());
                if (!name.contains(".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static MaintenanceTarget target(SnapdockConfig config, String name) {
        Names.requireStoreName(name);
        String p = PREFIX + name + ".";
        String url = config.require(p + "url");
        JdbcUrl.parse(url);
        String password = config.get(p + "password");
        Secrets.register(password);
        String profile = config.get(p + "profile");
        if (profile != null && !DagsterProfile.NAME.equals(profile)) {
            throw SnapdockException
                    .badInput("invalid configuration " + p + "profile=" + profile + ": the only profile is dagster");
        }
        boolean dagster = profile != null;

        // Rules: the profile's, then any declared with .rules.RULE.*; the same keys override a profile rule.
        Map<String, PruneRule> rules = new LinkedHashMap<>();
        if (dagster) {
            for (PruneRule r : DagsterProfile.rules(name, Map.of())) {
                rules.put(r.name(), r);
            }
        }
        for (String rule : subKeys(config, p + "rules.")) {
            String rp = p + "rules." + rule + ".";
            PruneRule base = rules.get(rule);
            String table = config.get(rp + "table", base != null ? base.table() : null);
            if (table == null) {
                throw SnapdockException.badInput("missing configuration: " + rp + "table");
            }
            Sql.qualified(table);
            String column = config.get(rp + "timestamp-column", base != null ? base.timestampColumn() : null);
            if (column == null) {
                throw SnapdockException.badInput("missing configuration: " + rp + "timestamp-column");
            }
            Sql.ident(column);
            String where = config.get(rp + "where", base != null ? base.where() : null);
            int days = config.getInt(rp + "retention-days", base != null ? base.retentionDays() : -1, 0, 100_000);
            if (days < 0) {
                throw SnapdockException.badInput("missing configuration: " + rp + "retention-days");
            }
            boolean index = config.getBoolean(rp + "index", base == null || base.index());
            String indexWhere = config.get(rp + "index-where", base != null ? base.indexWhere() : null);
            rules.put(rule, new PruneRule(name, rule, table, column, where, days, index, indexWhere));
        }
        for (String rule : new ArrayList<>(rules.keySet())) {
            if (!config.getBoolean(p + "rules." + rule + ".enabled", true)) {
                rules.remove(rule);
            }
        }

        Map<String, List<String>> autovacuum = new TreeMap<>(dagster ? DagsterProfile.autovacuum() : Map.of());
        for (String table : subKeys(config, p + "autovacuum.", true)) {
            String v = config.get(p + "autovacuum." + table);
            if (v == null || v.equals("off")) {
                autovacuum.remove(table);
            } else {
                List<String> options = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .toList();
                Sql.setReloptions(table, options);
                autovacuum.put(table, options);
            }
        }

        String tables = config.get(p + "repack-tables");
        List<String> repack = tables != null
                ? Arrays.stream(tables.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                : dagster ? DagsterProfile.repackTables() : List.of();
        repack.forEach(Sql::qualified);
        return new MaintenanceTarget(name, url, config.get(p + "user", "postgres"), password,
                config.get(p + "container"), List.copyOf(rules.values()), autovacuum, repack);
    }

    private static Set<String> subKeys(SnapdockConfig config, String prefix) {
        return subKeys(config, prefix, false);
    }

    /** The names right after {@code prefix}: up to the next dot, or (whole) the rest of the key. */
    private static Set<String> subKeys(SnapdockConfig config, String prefix, boolean whole) {
        Set<String> out = new TreeSet<>();
        for (String key : config.resolved().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                out.add(whole || dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return out;
    }
}
