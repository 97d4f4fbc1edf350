package io.snapdock.retention;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;

import java.time.Duration;

/**
 * The retention rules (see docs/repository.md): how many daily, weekly and monthly snapshots to
 * keep, the newest {@code minKeep} whatever their age, an optional maximum age (null: none), how
 * long a finished restore's safety snapshot is kept, and how old a snapshot without a manifest
 * must be before it counts as a leftover of an interrupted run.
 */
public record RetentionSettings(int daily, int weekly, int monthly, int minKeep, Integer maxAgeDays, int safetyDays,
        Duration unfinishedGrace) {

    public static final RetentionSettings DEFAULTS = new RetentionSettings(7, 4, 6, 3, null, 14,
            Duration.ofMinutes(60));

    public static RetentionSettings from(SnapdockConfig config) {
        String maxAge = java.util.Objects.requireNonNullElse(config.get("snapdock.retention.max-age-days"), "");
        Integer maxAgeDays = null;
        if (!maxAge.isEmpty()) {
            try {
                maxAgeDays = Integer.parseInt(maxAge);
            } catch (NumberFormatException e) {
                maxAgeDays = -1;
            }
            if (maxAgeDays < 1) {
                throw SnapdockException.badInput("invalid configuration snapdock.retention.max-age-days=" + maxAge
                        + ": a whole number of days >= 1, or empty (no maximum age)");
            }
        }
        return new RetentionSettings(
                config.integer("snapdock.retention.daily", 0, 100_000),
                config.integer("snapdock.retention.weekly", 0, 100_000),
                config.integer("snapdock.retention.monthly", 0, 100_000),
                config.integer("snapdock.retention.min-keep", 0, 100_000),
                maxAgeDays,
                config.integer("snapdock.retention.safety-days", 0, 100_000),
                Duration.ofMinutes(config.integer("snapdock.gc.grace-minutes", 0, 1_000_000)));
    }
}
