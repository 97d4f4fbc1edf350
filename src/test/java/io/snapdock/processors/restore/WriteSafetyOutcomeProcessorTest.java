package io.snapdock.processors.restore;

import io.snapdock.model.Run;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a restore's stores' results become the safety snapshot's outcome.json state. */
class WriteSafetyOutcomeProcessorTest {

    private static Run run(String... statuses) {
        Run run = new Run("restore", "test");
        for (int i = 0; i < statuses.length; i++) {
            run.stores.add(new Run.Item("s" + i, "postgres", io.snapdock.model.ItemStatus.of(statuses[i])));
        }
        return run;
    }

    @Test
    void everyStoreRestoredIsConfirmed() {
        assertThat(WriteSafetyOutcomeProcessor.state(run("succeeded", "succeeded"), false)).isEqualTo("confirmed");
    }

    @Test
    void aStoreRolledBackOrNeverTouchedIsRolledBack() {
        assertThat(WriteSafetyOutcomeProcessor.state(run("succeeded", "rolled-back"), false)).isEqualTo("rolled-back");
        assertThat(WriteSafetyOutcomeProcessor.state(run("failed"), false)).isEqualTo("rolled-back");
        assertThat(WriteSafetyOutcomeProcessor.state(run("succeeded"), true)).isEqualTo("rolled-back");
    }

    @Test
    void aStoreThatWasEmptyHasNoCopySoItsFailureDoesNotDecideTheOutcome() {
        assertThat(WriteSafetyOutcomeProcessor.state(run("failed", "succeeded"), false, store -> !store.equals("s0")))
                .isEqualTo("confirmed");
        assertThat(WriteSafetyOutcomeProcessor.state(run("failed", "rolled-back"), false, store -> !store.equals("s0")))
                .isEqualTo("rolled-back");
    }

    @Test
    void oneRollbackThatFailedWins() {
        assertThat(WriteSafetyOutcomeProcessor.state(run("rolled-back", "rollback-failed", "succeeded"), false))
                .isEqualTo("rollback-failed");
    }

    @Test
    void rolledBackStoresFailTheRun() {
        assertThat(io.snapdock.model.ItemStatus.of("rolled-back").failsRun()).isTrue();
        assertThat(io.snapdock.model.ItemStatus.of("rollback-failed").failsRun()).isTrue();
        assertThat(io.snapdock.model.ItemStatus.of("succeeded").failsRun()).isFalse();
    }
}
