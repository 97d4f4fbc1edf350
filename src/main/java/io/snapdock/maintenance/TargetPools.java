package io.snapdock.maintenance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

/**
 * One small connection pool per maintenance target, opened on first use. Every connection works
 * in UTC, so "older than N days" means the same for {@code timestamp} and {@code timestamptz}
 * columns (Dagster writes UTC into {@code timestamp without time zone}).
 */
public final class TargetPools implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new HashMap<>();

    public synchronized DataSource get(MaintenanceTarget target, java.time.Duration connectTimeout) {
        return pools.computeIfAbsent(target.name(), n -> {
            HikariConfig c = new HikariConfig();
            c.setPoolName("snapdock-maintenance-" + n);
            c.setJdbcUrl(target.url());
            c.setUsername(target.user());
            c.setPassword(target.password());
            c.setMaximumPoolSize(2);
            c.setMinimumIdle(0);
            c.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
            // Never fail here: an unreachable target fails (and is retried) when it is used.
            c.setInitializationFailTimeout(-1);
            c.setConnectionInitSql("SET TIME ZONE 'UTC'");
            c.addDataSourceProperty("ApplicationName", "snapdock-maintenance");
            c.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
            return new HikariDataSource(c);
        });
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
