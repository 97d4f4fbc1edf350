package io.snapdock.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupIntervalTest {

    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void dailyHourlyAndEveryMinute() {
        assertThat(BackupInterval.of("0 0 1 * * ?", NOW)).isEqualTo(Duration.ofDays(1));
        assertThat(BackupInterval.of("0 0 * * * ?", NOW)).isEqualTo(Duration.ofHours(1));
        assertThat(BackupInterval.of("0 * * * * ?", NOW)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anIrregularScheduleCountsItsLongestGap() {
        // weekdays at 01:00: Friday to Monday is three days
        assertThat(BackupInterval.of("0 0 1 ? * MON-FRI", NOW)).isEqualTo(Duration.ofDays(3));
        // 01:00 and 07:00: the night gap is 18 hours
        assertThat(BackupInterval.of("0 0 1,7 * * ?", NOW)).isEqualTo(Duration.ofHours(18));
    }

    @Test
    void aBrokenOrOneShotScheduleIsRefused() {
        assertThatThrownBy(() -> BackupInterval.of("every day", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupInterval.of("0 0 1 1 1 ? 2020", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
