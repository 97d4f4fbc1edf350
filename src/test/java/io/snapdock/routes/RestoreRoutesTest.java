package io.snapdock.routes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What routes/restore.camel.yaml and safety.camel.yaml guarantee: a store whose restore fails at
 * any step after its journal entry is rolled back to its safety copy (and checked); a rollback
 * that fails is reported as such; without a safety snapshot the store is reported failed; a safety
 * snapshot that cannot be taken refuses the restore before any store is touched.
 */
class RestoreRoutesTest extends RouteTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("restore", "safety", "backup", "errors");
    }

    private void restoreOneStore(String safety) {
        when("beginRestoreRun", Stores.begin("restore", safety, "db"));
        template.send("direct:restore", e -> {
        });
    }

    /** The steps of the store's restore (after those of its safety copy). */
    private List<String> restoreStepsOf(String store) {
        List<String> all = stepsOf(store);
        return all.subList(Math.max(0, all.indexOf("beginStoreRestore")), all.size());
    }

    @Test
    void aFailedRestoreStepRollsTheStoreBack() {
        when("restoreStore", failing("pg_restore: connection lost", 1));
        restoreOneStore("20261204T000000Z");
        assertThat(restoreStepsOf("db")).containsExactly("beginStoreRestore", "restoreStore", "noteRestoreFailure",
                "awaitStore", "useSafetyCopy", "restoreStore", "awaitStore", "checkRestoredStore", "markRolledBack",
                "releaseRestoreJournal");
        assertThat(steps).containsSubsequence("finishRun", "writeSafetyOutcome", "unlockRepository", "endRun");
    }

    @Test
    void aStoreThatDoesNotHoldWhatTheSnapshotListsIsRolledBackToo() {
        when("checkRestoredStore", failing("12 keys, the snapshot has 40", 1));
        restoreOneStore("20261204T000000Z");
        assertThat(stepsOf("db")).containsSubsequence("restoreStore", "awaitStore", "checkRestoredStore",
                "noteRestoreFailure", "useSafetyCopy", "restoreStore", "awaitStore", "checkRestoredStore",
                "markRolledBack")
                .doesNotContain("confirmStoreRestore");
    }

    @Test
    void aRollbackThatFailsIsReportedAndTheStoreIsNeverConfirmed() {
        when("checkRestoredStore", failing("the store holds nothing", 2));
        restoreOneStore("20261204T000000Z");
        assertThat(stepsOf("db"))
                .containsSubsequence("useSafetyCopy", "restoreStore", "awaitStore", "checkRestoredStore",
                        "markRollbackPending", "releaseRestoreJournal")
                .doesNotContain("confirmStoreRestore", "markRolledBack");
    }

    @Test
    void theRollbackWaitsForAStoreThatIsStillStartingBeforeItTouchesIt() {
        when("restoreStore", failing("psql: the server is starting up", 1));
        restoreOneStore("20261204T000000Z");
        List<String> all = restoreStepsOf("db");
        assertThat(all.subList(all.indexOf("noteRestoreFailure"), all.size())).startsWith("noteRestoreFailure",
                "awaitStore", "useSafetyCopy", "restoreStore");
    }

    @Test
    void aStoreThatNeverAnswersIsNotRolledBackBlindly() {
        when("restoreStore", failing("psql: the server is starting up", 1));
        when("awaitStore", failing("no answer within the start timeout", 1));
        restoreOneStore("20261204T000000Z");
        assertThat(restoreStepsOf("db")).containsSubsequence("noteRestoreFailure", "awaitStore", "markRollbackPending")
                .containsOnlyOnce("restoreStore");
    }

    @Test
    void withoutASafetySnapshotAFailedStoreIsReportedAndNothingIsRolledBack() {
        when("restoreStore", failing("pg_restore: connection lost", 1));
        restoreOneStore(null);
        assertThat(steps).doesNotContain("reserveSnapshot", "useSafetyCopy");
        assertThat(restoreStepsOf("db")).containsExactly("beginStoreRestore", "restoreStore", "recordStoreFailure",
                "releaseRestoreJournal");
    }

    @Test
    void aSafetySnapshotThatCannotBeTakenRefusesTheRestoreBeforeAnyStoreIsTouched() {
        when("requireEveryStore", failing("db: pg_dump failed", 1));
        when("refuseRestore", failing("the restore is refused, nothing was changed", 1));
        restoreOneStore("20261204T000000Z");
        assertThat(stepsOf("db")).containsExactly("stopStore", "dumpStore", "startStore", "uploadStaged",
                "recordStoreEntry", "discardStaging");
        assertThat(steps).doesNotContain("writeManifest", "finishRun").containsSubsequence("requireEveryStore",
                "refuseRestore", "writeSafetyOutcome", "unlockRepository", "endRun");
    }

    @Test
    void theSafetySnapshotIsWrittenAndValidatedBeforeTheFirstStoreIsRestored() {
        restoreOneStore("20261204T000000Z");
        assertThat(steps).containsSubsequence("validateRestoreSources", "refuseInvalidSnapshot", "reserveSnapshot",
                "dumpStore:db", "writeManifest", "validateSafetySnapshot", "beginStoreRestore:db", "restoreStore:db",
                "confirmStoreRestore:db", "finishRun", "writeSafetyOutcome");
    }
}
