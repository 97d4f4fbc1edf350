package io.snapdock.routes;

import io.snapdock.model.Run;
import io.snapdock.processors.support.RunExchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What routes/recovery.camel.yaml guarantees: an unfinished restore whose store is found and whose
 * journal entry still names what is there is rolled back; one whose store cannot be found now stays
 * pending (never silently dropped); a parked entry is never rolled back; whatever happens the run's
 * record is closed; a retry in a running service takes the run lock or does nothing, and always
 * gives it back.
 */
class RecoveryRoutesTest extends RouteTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("recovery", "restore", "errors");
    }

    private void recoverOne() {
        when("resumeInterruptedRestore", e -> {
            Stores.begin("restore", "20261204T000000Z", "db").process(e);
            e.getMessage().setBody(Stores.spec("db"));
        });
        template.sendBody("direct:recover-restore", "entry");
    }

    @Test
    void anUnfinishedRestoreIsRolledBackAndClosed() {
        recoverOne();
        assertThat(steps).containsSubsequence("resumeInterruptedRestore", "checkJournalEntry:db", "awaitStore:db",
                "useSafetyCopy:db", "restoreStore:db", "checkRestoredStore:db", "markRolledBack:db",
                "closeInterruptedRestore:db");
        assertThat(steps).doesNotContain("markRollbackPending:db", "markRollbackPending");
    }

    @Test
    void aStoreThatCannotBeFoundNowStaysPendingAndTheRunIsClosed() {
        when("resumeInterruptedRestore", e -> {
            Stores.begin("restore", "20261204T000000Z", "db").process(e);
            throw new IllegalStateException("store db is not running or not known here");
        });
        template.sendBody("direct:recover-restore", "entry");
        assertThat(steps).containsSubsequence("resumeInterruptedRestore", "markRollbackPending",
                "closeInterruptedRestore").doesNotContain("useSafetyCopy", "restoreStore");
    }

    @Test
    void aParkedEntryIsNeverRolledBack() {
        when("checkJournalEntry", e -> e.getMessage().setBody(null));
        recoverOne();
        assertThat(steps).containsSubsequence("checkJournalEntry:db", "closeInterruptedRestore")
                .doesNotContain("useSafetyCopy:db", "restoreStore:db", "markRollbackPending:db");
    }

    @Test
    void aRollbackThatFailsAgainStaysPending() {
        when("restoreStore", failing("the server is starting up", 1));
        recoverOne();
        assertThat(steps).containsSubsequence("useSafetyCopy:db", "restoreStore:db", "markRollbackPending:db",
                "closeInterruptedRestore:db").doesNotContain("markRolledBack:db");
    }

    @Test
    void aRetryWhileAnotherRunHoldsTheLockDoesNothing() {
        template.sendBody("direct:retry-rollbacks", null);
        assertThat(steps).containsExactly("takeRunLockIfFree", "releaseRunLock");
    }

    @Test
    void aRetryWithTheLockRollsBackWhatIsDueAndReleasesTheLock() {
        when("takeRunLockIfFree", e -> e.setProperty(RunExchange.RUN_LOCK, new Run("rollback", "retry")));
        when("findDueRollbacks", e -> e.getMessage().setBody(List.of("entry-1", "entry-2")));
        when("resumeInterruptedRestore", e -> {
            Stores.begin("restore", "20261204T000000Z", "db").process(e);
            e.getMessage().setBody(Stores.spec("db"));
        });
        template.sendBody("direct:retry-rollbacks", null);
        assertThat(steps.stream().filter("markRolledBack:db"::equals)).hasSize(2);
        assertThat(steps.get(steps.size() - 1)).isEqualTo("releaseRunLock");
    }
}
