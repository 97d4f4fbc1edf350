package io.snapdock.history;

import io.snapdock.config.Secrets;
import io.snapdock.model.Run;
import io.snapdock.run.RunRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseProcessDiedIsClosedAsInterruptedOneStillRunningIsNot() throws Exception {
        RunRegistry registry = new RunRegistry(new RunHistory(new StateDb(dir)));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Run abandoned = new Run("backup", "schedule");
        abandoned.pid = gone.pid();
        abandoned.status = Run.Status.running;
        registry.register(abandoned);
        Run live = registry.register(new Run("restore", "api"));     // this process: alive
        live.status = Run.Status.running;
        registry.ended(live);

        RunRegistry next = new RunRegistry(new RunHistory(new StateDb(dir)));
        assertThat(next.closeAbandoned()).containsExactly(abandoned.id);
        Run closed = next.get(abandoned.id);
        assertThat(closed.status).isEqualTo(Run.Status.failed);
        assertThat(closed.error).startsWith("interrupted").contains("pid " + gone.pid());
        assertThat(closed.finishedAt).isNotNull();
        assertThat(next.get(live.id).status).isEqualTo(Run.Status.running);
        assertThat(next.closeAbandoned()).isEmpty();
    }

    @Test
    void runsAreSavedAtStartAndEndAndOutliveTheProcess() {
        RunRegistry first = new RunRegistry(new RunHistory(new StateDb(dir)));
        Run run = first.register(new Run("cleanup", "cli"));
        run.status = Run.Status.running;
        run.startedAt = "2026-11-22T03:00:00Z";
        Run.Item item = run.item("dagster/user-debug", "rule", io.snapdock.model.ItemStatus.of("succeeded"));
        item.rows = 1234L;
        Run.Item other = run.item("dagster/system-events", "rule", io.snapdock.model.ItemStatus.of("failed"));
        other.error = "boom";
        run.status = Run.Status.failed;
        run.finishedAt = "2026-11-22T03:01:00Z";
        run.summarize();
        first.ended(run);

        // A new process: nothing in memory, everything from the state database.
        RunRegistry second = new RunRegistry(new RunHistory(new StateDb(dir)));
        Run back = second.get(run.id);
        assertThat(back).isNotNull();
        assertThat(back.kind).isEqualTo("cleanup");
        assertThat(back.trigger).isEqualTo("cli");
        assertThat(back.status).isEqualTo(Run.Status.failed);
        assertThat(back.finishedAt).isEqualTo("2026-11-22T03:01:00Z");
        assertThat(back.rowsDeleted).isEqualTo(1234L);
        assertThat(back.stores).extracting(r -> r.name + "=" + r.status)
                .containsExactly("dagster/user-debug=succeeded", "dagster/system-events=failed");
        Run newer = second.register(new Run("backup", "schedule"));
        assertThat(second.recent()).extracting(r -> r.id).containsExactly(newer.id, run.id);
    }

    @Test
    void failuresAreKeptWithSecretsRedacted() {
        Secrets.register("pw-RunHistoryTest-91");
        new FailureLog(new StateDb(dir)).record("run-1", "cleanup", "prune-rule", "dg/user-debug",
                "org.postgresql.util.PSQLException", "password pw-RunHistoryTest-91 rejected");
        var failures = new FailureLog(new StateDb(dir)).recent(10);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.runId()).isEqualTo("run-1");
            assertThat(f.routeId()).isEqualTo("prune-rule");
            assertThat(f.subject()).isEqualTo("dg/user-debug");
            assertThat(f.errorClass()).isEqualTo("org.postgresql.util.PSQLException");
            assertThat(f.message()).isEqualTo("password *** rejected");
            assertThat(f.at()).isNotBlank();
            assertThat(f.attempts()).isEqualTo(1);
        });
    }
}
