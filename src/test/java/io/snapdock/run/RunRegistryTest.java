package io.snapdock.run;

import io.snapdock.model.Run;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RunRegistryTest {

    @Test
    void aRunReleasesTheLockFromAnotherThreadThanTheOneThatTookIt() throws Exception {
        RunRegistry runs = new RunRegistry();
        Run first = new Run("backup", "test");
        CompletableFuture.runAsync(() -> runs.lock(first)).get(5, TimeUnit.SECONDS);

        Run second = new Run("restore", "test");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> runs.lock(second));
        assertThat(waiting).isNotDone();

        CompletableFuture.runAsync(() -> runs.unlock(first)).get(5, TimeUnit.SECONDS);
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(runs.holds(second)).isTrue();
        runs.unlock(second);
        runs.unlock(second);   // twice is harmless
        CompletableFuture.runAsync(() -> runs.lock(new Run("backup", "test"))).get(5, TimeUnit.SECONDS);
    }

    @Test
    void historyIsNewestFirstAndBounded() {
        RunRegistry runs = new RunRegistry();
        for (int i = 0; i < RunRegistry.KEEP + 10; i++) {
            runs.register(new Run("backup", "t" + i));
        }
        assertThat(runs.recent()).hasSize(RunRegistry.KEEP);
        assertThat(runs.recent().get(0).trigger).isEqualTo("t" + (RunRegistry.KEEP + 9));
    }
}
