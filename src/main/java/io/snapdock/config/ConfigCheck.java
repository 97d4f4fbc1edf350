package io.snapdock.config;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.model.Names;
import io.snapdock.repo.backend.Repositories;
import org.quartz.CronExpression;

/**
 * Checks the whole configuration before anything runs, so a broken value is reported once,
 * by name, and nothing is touched. Nothing here connects anywhere.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static SnapdockConfig check(SnapdockConfig config, HandlerRegistry handlers) {
        Repositories.check(config.require("snapdock.repository"), config);
        ReplicaConfig.check(config);
        String docker = config.get("snapdock.docker.host", "unix:///var/run/docker.sock");
        if (!(docker.startsWith("unix://") || docker.startsWith("tcp://"))) {
            throw SnapdockException.badInput("invalid configuration snapdock.docker.host=" + docker
                    + ": expected unix:///path/to/docker.sock or tcp://host:port");
        }
        config.getInt("snapdock.http.port", 8080, 1, 65535);
        io.snapdock.auth.Tokens.from(config);
        config.getInt("snapdock.backup.store-timeout-minutes", 240, 1, 100_000);
        config.getBoolean("snapdock.schedule.enabled", true);
        config.getBoolean("snapdock.discovery.enabled", true);
        io.snapdock.repo.backend.S3Settings.validate(config);
        config.getBoolean("snapdock.restore.safety-snapshot", true);
        config.getInt("snapdock.compression.level", 3, 1, 19);
        String verify = config.get("snapdock.backup.verify", "new-data");
        if (!verify.equals("new-data") && !verify.equals("full")) {
            throw SnapdockException.badInput("invalid configuration snapdock.backup.verify=" + verify
                    + ": expected new-data or full");
        }
        config.getInt("snapdock.repository.pack-size-mib", 16, 1, 512);
        int avgKib = config.getInt("snapdock.chunking.average-kib", 1024, 64, 16384);
        if (Integer.bitCount(avgKib) != 1) {
            throw SnapdockException.badInput("invalid configuration snapdock.chunking.average-kib=" + avgKib
                    + ": must be a power of two (64 … 16384)");
        }
        for (String key : new String[]{"snapdock.schedule.backup", "snapdock.schedule.cleanup", "snapdock.schedule.repack",
                "snapdock.schedule.retention"}) {
            String cron = config.get(key);
            if (cron != null && !CronExpression.isValidExpression(cron)) {
                throw SnapdockException.badInput("invalid configuration " + key + "=" + cron
                        + ": not a Quartz cron expression (sec min hour day-of-month month day-of-week, e.g. 0 0 1 * * ?)");
            }
        }
        io.snapdock.maintenance.MaintenanceSettings.from(config);
        io.snapdock.retention.RetentionSettings.from(config);
        io.snapdock.repo.snapshot.RepositoryLock.Settings.from(config);
        config.getInt("snapdock.gc.repack-below-percent", 50, 0, 100);
        io.snapdock.notify.WebhookNotifier.check(config);
        config.getInt("snapdock.retry.max-redeliveries", 3, 0, 100);
        config.getInt("snapdock.retry.delay-ms", 2000, 0, 3_600_000);
        config.getInt("snapdock.retry.max-delay-ms", 60_000, 0, 86_400_000);
        for (String store : config.declaredStores()) {
            Names.requireStoreName(store);
            String type = config.get("snapdock.stores." + store + ".type");
            if (!handlers.supports(type)) {
                throw SnapdockException.badInput("invalid configuration snapdock.stores." + store + ".type=" + type
                        + ": supported types are " + String.join(", ", handlers.types()));
            }
            if (config.get("snapdock.stores." + store + ".port") != null) {
                config.getInt("snapdock.stores." + store + ".port", 0, 1, 65535);
            }
            String mode = config.get("snapdock.stores." + store + ".mode");
            if (mode != null && !mode.equals("online") && !mode.equals("stop")) {
                throw SnapdockException.badInput("invalid configuration snapdock.stores." + store + ".mode=" + mode
                        + ": expected online or stop");
            }
        }
        return config;
    }
}
