package io.snapdock.routes;

import io.snapdock.model.StoreSpec;
import io.snapdock.processors.support.RunExchange;
import org.apache.camel.Processor;
import org.junit.jupiter.api.BeforeEach;
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

    @BeforeEach
    void decideRollbacksAsTheRealStepDoes() {
        // the real step decides: a store rolls back only to its copy in the safety snapshot
        when("beginStoreRestore", e -> e.setProperty(RunExchange.SAFETY_COPY,
                RunExchange.context(e).hasSafetyCopy(e.getMessage().getBody(StoreSpec.class).name())));
    }

    private void restoreOneStore(String safety) {
        when("beginRestoreRun", Stores.begin("restore", safety, "db"));
        template.send("direct:restore", e -> {
        });
    }

    /** A restore of {@code stores} asking for a safety snapshot, the stores in {@code empty} found empty. */
    private void restoreWithEmptyStores(List<String> empty, String... stores) {
        Processor begin = Stores.begin("restore", null, stores);
        when("beginRestoreRun", e -> {
            begin.process(e);
            RunExchange.context(e).setSafetySnapshot(true);   // asked for; reserveSnapshot names it
        });
        when("findEmptyStores", e -> empty.forEach(RunExchange.context(e)::markEmpty));
        when("reserveSnapshot", e -> RunExchange.context(e).run().safety = "20261204T000000Z");
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

    @Test
    void whenEveryStoreIsEmptyNoSafetySnapshotIsWrittenAndTheRestoreGoesOn() {
        restoreWithEmptyStores(List.of("db", "cache"), "db", "cache");
        assertThat(steps).contains("findEmptyStores").doesNotContain("checkRepository", "reserveSnapshot",
                "writeManifest", "validateSafetySnapshot", "refuseRestore");
        assertThat(stepsOf("db")).containsExactly("beginStoreRestore", "restoreStore", "awaitStore",
                "checkRestoredStore", "confirmStoreRestore", "releaseRestoreJournal");
        assertThat(stepsOf("cache")).contains("confirmStoreRestore");
    }

    @Test
    void anEmptyStoreIsLeftOutOfTheSafetySnapshotTheOthersAreCopied() {
        restoreWithEmptyStores(List.of("db"), "db", "cache");
        assertThat(steps).containsSubsequence("findEmptyStores", "reserveSnapshot", "dumpStore:cache",
                "writeManifest", "validateSafetySnapshot", "beginStoreRestore:db").doesNotContain("dumpStore:db");
    }

    @Test
    void anEmptyStoreWhoseRestoreFailsIsReportedFailedAndNeverRolledBack() {
        when("restoreStore", e -> {
            if (e.getMessage().getBody(StoreSpec.class).name().equals("db")) {
                throw new IllegalStateException("pg_restore: connection lost");
            }
        });
        restoreWithEmptyStores(List.of("db"), "db", "cache");
        assertThat(restoreStepsOf("db")).containsExactly("beginStoreRestore", "restoreStore", "recordStoreFailure",
                "releaseRestoreJournal");
        assertThat(steps).doesNotContain("useSafetyCopy", "noteRestoreFailure");
        assertThat(stepsOf("cache")).contains("confirmStoreRestore");
    }
}
