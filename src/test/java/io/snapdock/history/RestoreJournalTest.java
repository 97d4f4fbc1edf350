package io.snapdock.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreJournalTest {

    @TempDir
    Path dir;

    @Test
    void anEntryStaysUntilClearedAndSurvivesAReopen() {
        RestoreJournal journal = new RestoreJournal(new StateDb(dir));
        journal.open(new RestoreJournal.Entry("run-1", "db", "20261122T010000Z", "20261122T060000Z", null, 42, "host-a",
                "inst",
                "2026-11-22T06:00:01Z"));
        journal.open(new RestoreJournal.Entry("run-1", "cache", "20261122T010000Z", "20261122T060000Z", null, 42,
                "host-a", "inst",
                "2026-11-22T06:00:02Z"));
        RestoreJournal reopened = new RestoreJournal(new StateDb(dir));
        assertThat(reopened.entries()).extracting(RestoreJournal.Entry::store).containsExactly("db", "cache");
        assertThat(reopened.entries().get(0).safety()).isEqualTo("20261122T060000Z");
        reopened.clear("run-1", "db");
        assertThat(journal.entries()).extracting(RestoreJournal.Entry::store).containsExactly("cache");
    }
}
