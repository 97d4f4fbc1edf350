package io.snapdock.config;

import io.snapdock.SnapdockException;
import org.quartz.CronExpression;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Snapdock's own settings, typed, read and checked once at start-up. Every default is written in
 * one place only, next to its documentation: {@code config/application.properties}. Settings a
 * module owns (S3, retention, maintenance, locks, the webhook, the replica, tokens) are read by
 * that module's own settings record; the application reads them all at start-up too, so a broken
 * value is refused before anything runs.
 */
public record Settings(Repository repository, Docker docker, Runs runs, Health health) {

    /** What the repository is and how its content is cut, compressed, sealed and checked. */
    public record Repository(String location, Path keyFile, int chunkAverageKib, int compressionLevel, int packSizeMib,
            int listReaders, Verify verify, int repackBelowPercent) {
    }

    /** After a backup: read back only what the run wrote ({@code new-data}) or every artifact ({@code full}). */
    public enum Verify {
        NEW_DATA, FULL
    }

    /** Where the Docker engine is, which containers discovery looks at, how long a stop and a start may take. */
    public record Docker(String host, String composeProject, boolean discovery, int stopTimeoutSeconds,
            Duration startTimeout) {
    }

    /**
     * How runs work: the state folder (journals, history, staging), stores copied at once, how long
     * one store's tool may take, whether a restore takes a safety snapshot first, and the delays
     * between the retries of a rollback that failed (doubling from the first up to the longest).
     */
    public record Runs(Path stateDir, int concurrency, Duration storeTimeout, boolean safetySnapshot,
            Duration rollbackRetry, Duration rollbackRetryMax) {
    }

    /** The readiness check of backup age: its limit (null: twice the backup schedule's gap) and its cache. */
    public record Health(Integer maxBackupAgeMinutes, Duration cache, String backupSchedule) {
    }

    public static final String[] SCHEDULES = {"snapdock.schedule.backup", "snapdock.schedule.cleanup",
            "snapdock.schedule.repack", "snapdock.schedule.retention"};

    public static Settings read(SnapdockConfig config) {
        return new Settings(repository(config), docker(config), runs(config), health(config));
    }

    private static Repository repository(SnapdockConfig config) {
        int avgKib = config.integer("snapdock.chunking.average-kib", 64, 16384);
        if (Integer.bitCount(avgKib) != 1) {
            throw SnapdockException.badInput("invalid configuration snapdock.chunking.average-kib=" + avgKib
                    + ": must be a power of two (64 … 16384)");
        }
        String verify = config.require("snapdock.backup.verify");
        if (!verify.equals("new-data") && !verify.equals("full")) {
            throw SnapdockException.badInput("invalid configuration snapdock.backup.verify=" + verify
                    + ": expected new-data or full");
        }
        String keyFile = config.get("snapdock.encryption.key-file");
        return new Repository(config.require("snapdock.repository"), keyFile == null ? null : Path.of(keyFile), avgKib,
                config.integer("snapdock.compression.level", 1, 19),
                config.integer("snapdock.repository.pack-size-mib", 1, 512),
                config.integer("snapdock.list.readers", 1, 64),
                verify.equals("full") ? Verify.FULL : Verify.NEW_DATA,
                config.integer("snapdock.gc.repack-below-percent", 0, 100));
    }

    private static Docker docker(SnapdockConfig config) {
        String host = config.require("snapdock.docker.host");
        if (!(host.startsWith("unix://") || host.startsWith("tcp://"))) {
            throw SnapdockException.badInput("invalid configuration snapdock.docker.host=" + host
                    + ": expected unix:///path/to/docker.sock or tcp://host:port");
        }
        return new Docker(host, config.get("snapdock.compose-project"), config.flag("snapdock.discovery.enabled"),
                config.integer("snapdock.stop.timeout-seconds", 1, 3600),
                config.seconds("snapdock.start.timeout-seconds", 1, 3600));
    }

    private static Runs runs(SnapdockConfig config) {
        return new Runs(Path.of(config.require("snapdock.state-dir")).toAbsolutePath().normalize(),
                config.integer("snapdock.concurrency", 1, 64),
                Duration.ofMinutes(config.integer("snapdock.backup.store-timeout-minutes", 1, 100_000)),
                config.flag("snapdock.restore.safety-snapshot"),
                config.seconds("snapdock.restore.rollback-retry-seconds", 1, 86_400),
                config.seconds("snapdock.restore.rollback-retry-max-seconds", 1, 604_800));
    }

    private static Health health(SnapdockConfig config) {
        for (String key : SCHEDULES) {
            String cron = config.get(key);
            if (cron != null && !CronExpression.isValidExpression(cron)) {
                throw SnapdockException.badInput("invalid configuration " + key + "=" + cron
                        + ": not a Quartz cron expression (sec min hour day-of-month month day-of-week, e.g. 0 0 1 * * ?)");
            }
        }
        config.flag("snapdock.schedule.enabled");
        config.integer("snapdock.http.port", 1, 65535);
        config.integer("snapdock.retry.max-redeliveries", 0, 100);
        config.integer("snapdock.retry.delay-ms", 0, 3_600_000);
        config.integer("snapdock.retry.max-delay-ms", 0, 86_400_000);
        Integer maxAge = config.get("snapdock.health.max-backup-age-minutes") == null ? null
                : config.integer("snapdock.health.max-backup-age-minutes", 1, Integer.MAX_VALUE);
        return new Health(maxAge, config.seconds("snapdock.health.cache-seconds", 0, 86_400),
                config.require("snapdock.schedule.backup"));
    }
}
