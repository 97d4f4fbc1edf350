package io.snapdock.maintenance;

import io.snapdock.config.SnapdockConfig;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** The default maintenance schedules fire on the intended days (Quartz's own CronExpression decides). */
class MaintenanceSchedulesTest {

    private static List<LocalDateTime> next(String key, int count) throws ParseException {
        CronExpression cron = new CronExpression(SnapdockConfig.load(null, Map.of()).get(key));
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<LocalDateTime> out = new ArrayList<>();
        Date d = Date.from(LocalDateTime.of(2026, 11, 22, 12, 0).toInstant(ZoneOffset.UTC));
        for (int i = 0; i < count; i++) {
            d = cron.getNextValidTimeAfter(d);
            out.add(LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC));
        }
        return out;
    }

    @Test
    void cleanupRunsEverySundayAtThree() throws ParseException {
        List<LocalDateTime> fires = next("snapdock.schedule.cleanup", 10);
        assertThat(fires.get(0)).isEqualTo(LocalDateTime.of(2026, 11, 29, 3, 0));
        assertThat(fires).allMatch(t -> t.getDayOfWeek() == DayOfWeek.SUNDAY && t.getHour() == 3 && t.getMinute() == 0);
        for (int i = 1; i < fires.size(); i++) {
            assertThat(fires.get(i)).isEqualTo(fires.get(i - 1).plusWeeks(1));
        }
    }

    @Test
    void repackRunsOnTheFirstSundayOfEachMonthAtFour() throws ParseException {
        List<LocalDateTime> fires = next("snapdock.schedule.repack", 12);
        assertThat(fires.subList(0, 4)).containsExactly(
                LocalDateTime.of(2026, 12, 6, 4, 0),
                LocalDateTime.of(2027, 1, 3, 4, 0),
                LocalDateTime.of(2027, 2, 7, 4, 0),
                LocalDateTime.of(2027, 3, 7, 4, 0));
        assertThat(fires)
                .allMatch(t -> t.getDayOfWeek() == DayOfWeek.SUNDAY && t.getDayOfMonth() <= 7 && t.getHour() == 4);
        assertThat(fires).extracting(LocalDateTime::getMonthValue).doesNotHaveDuplicates();
    }
}
