package io.snapdock.health;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

/**
 * The time between two runs of a Quartz cron schedule. Schedules need not be regular (weekdays
 * only, twice a day at uneven hours), so this is the longest gap over the next few firings: the
 * longest a store can legitimately wait for its next backup.
 */
public final class BackupInterval {

    static final int FIRINGS = 16;

    private BackupInterval() {
    }

    public static Duration of(String cron, Instant from) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz cron expression: " + cron, e);
        }
        expression.setTimeZone(TimeZone.getDefault());
        Date previous = expression.getNextValidTimeAfter(Date.from(from));
        if (previous == null) {
            throw new IllegalArgumentException("the schedule never fires: " + cron);
        }
        Duration longest = Duration.ZERO;
        for (int i = 0; i < FIRINGS; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous.toInstant(), next.toInstant());
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        }
        if (longest.isZero()) {
            throw new IllegalArgumentException("the schedule fires only once: " + cron);
        }
        return longest;
    }
}
