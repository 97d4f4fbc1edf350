package io.snapdock.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreJournalTest {

    @TempDir
    Path dir;

    @Test
    void anEntryStaysUntilClearedAndSurvivesAReopen() {
        RestoreJournal journal = new RestoreJournal(new StateDb(dir));
        journal.open(entry("run-1", "db", "2026-11-22T06:00:01Z"));
        journal.open(entry("run-1", "cache", "2026-11-22T06:00:02Z"));
        RestoreJournal reopened = new RestoreJournal(new StateDb(dir));
        assertThat(reopened.entries()).extracting(RestoreJournal.Entry::store).containsExactly("db", "cache");
        assertThat(reopened.entries().get(0).safety()).isEqualTo("20261122T060000Z");
        reopened.clear("run-1", "db");
        assertThat(journal.entries()).extracting(RestoreJournal.Entry::store).containsExactly("cache");
    }

    static RestoreJournal.Entry entry(String run, String store, String at) {
        return RestoreJournal.Entry.opened(run, store, "20261122T010000Z", "20261122T060000Z", null, 42, "host-a",
                "inst", at, "repo-1", "postgres@" + store);
    }

    @Test
    void aFailedRollbackIsRetriedAfterDoublingDelaysUpToTheLongest() {
        RestoreJournal journal = new RestoreJournal(new StateDb(dir));
        journal.open(entry("run-1", "db", "2026-11-22T06:00:01Z"));
        RestoreJournal.release("run-1", "db");
        Instant now = Instant.parse("2026-11-22T07:00:00Z");
        Duration first = Duration.ofSeconds(30);
        Duration max = Duration.ofSeconds(100);
        RestoreJournal.Entry e = journal.defer("run-1", "db", "psql: connection refused", first, max, now);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.nextAttempt()).isEqualTo("2026-11-22T07:00:30Z");
        assertThat(e.lastError()).isEqualTo("psql: connection refused");
        assertThat(e.due(now)).isFalse();
        assertThat(e.due(now.plusSeconds(30))).isTrue();
        assertThat(journal.defer("run-1", "db", "again", first, max, now).nextAttempt())
                .isEqualTo("2026-11-22T07:01:00Z");
        assertThat(journal.defer("run-1", "db", "again", first, max, now).nextAttempt())
                .isEqualTo("2026-11-22T07:01:40Z");   // 120 s capped at 100
        assertThat(RestoreJournal.backoff(30, first, max)).isEqualTo(max);
        assertThat(journal.find("run-1", "db").repositoryId()).isEqualTo("repo-1");
        assertThat(journal.find("run-1", "db").storeIdentity()).isEqualTo("postgres@db");
    }

    @Test
    void aParkedEntryIsNeverDueAndOnlyAParkedOneCanBeDismissed() {
        RestoreJournal journal = new RestoreJournal(new StateDb(dir));
        journal.open(entry("run-1", "db", "2026-11-22T06:00:01Z"));
        assertThat(journal.dismiss("run-1", "db")).as("pending: kept").isFalse();
        journal.park("run-1", "db", "safety snapshot 20261122T060000Z does not exist");
        RestoreJournal.Entry parked = journal.find("run-1", "db");
        assertThat(parked.pending()).isFalse();
        assertThat(parked.due(Instant.now().plusSeconds(86_400))).isFalse();
        journal.park("run-1", "db", null);
        assertThat(journal.find("run-1", "db").pending()).as("taken up again").isTrue();
        journal.park("run-1", "db", "gone");
        assertThat(journal.dismiss("run-1", "db")).isTrue();
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void aJournalWrittenByAnOlderVersionGetsTheNewColumns() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StateDb.FILE));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE restore_journal (run_id TEXT NOT NULL, store TEXT NOT NULL, stamp TEXT NOT NULL,"
                    + " safety TEXT, source TEXT, pid INTEGER, host TEXT, owner TEXT, at TEXT NOT NULL,"
                    + " PRIMARY KEY (run_id, store))");
            s.execute("INSERT INTO restore_journal VALUES ('old-run', 'db', '20261101T010000Z', '20261101T060000Z',"
                    + " 'primary', 7, 'host-a', 'inst', '2026-11-01T06:00:00Z')");
        }
        RestoreJournal.Entry old = new RestoreJournal(new StateDb(dir)).find("old-run", "db");
        assertThat(old.safety()).isEqualTo("20261101T060000Z");
        assertThat(old.repositoryId()).as("unknown: not checked").isNull();
        assertThat(old.attempts()).isZero();
        assertThat(old.pending()).isTrue();
    }
}
