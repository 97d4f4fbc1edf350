package io.snapdock.maintenance;

import io.snapdock.app.SnapdockApp;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.history.FailureLog;
import io.snapdock.history.StateDb;
import io.snapdock.model.Run;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The maintenance routes when there is nothing to touch: no database is needed. */
class MaintenanceRoutesTest {

    @TempDir
    Path dir;

    private Run schedule(String kind, String... lines) throws IOException {
        Path f = Files.writeString(dir.resolve(kind + ".properties"), String.join("\n", lines)
                + "\nsnapdock.state-dir=" + dir.resolve("state") + "\nsnapdock.discovery.enabled=false\n");
        Main main = SnapdockApp.create(SnapdockConfig.load(f, Map.of()), false);
        main.start();
        try {
            Exchange ex = new DefaultExchange(main.getCamelContext(), ExchangePattern.InOut);
            ex.getMessage().setHeader("snapdockTrigger", "schedule");
            Exchange done = main.getCamelContext().createProducerTemplate().send("direct:" + kind, ex);
            assertThat(done.getException()).isNull();
            return done.getProperty("snapdockRun", Run.class);
        } finally {
            main.stop();
        }
    }

    @Test
    void aScheduleWithoutTargetsIsSkippedNotFailed() throws IOException {
        Run run = schedule("cleanup");
        assertThat(run.status).isEqualTo(Run.Status.skipped);
        assertThat(run.trigger).isEqualTo("schedule");
        assertThat(run.stores).singleElement().satisfies(r -> assertThat(r.detail).contains("no maintenance target"));
        assertThat(new FailureLog(new StateDb(dir.resolve("state"))).recent(10)).isEmpty();
    }

    @Test
    void theKillSwitchSkipsARunAndItIsKeptInTheHistory() throws IOException {
        Run run = schedule("repack", "snapdock.maintenance.enabled=false",
                "snapdock.maintenance.targets.a.url=jdbc:postgresql://127.0.0.1:1/a");
        assertThat(run.status).isEqualTo(Run.Status.skipped);
        assertThat(run.finishedAt).isNotNull();
        assertThat(run.stores).singleElement().satisfies(r -> assertThat(r.detail).contains("switched off"));
        assertThat(new io.snapdock.history.RunHistory(new StateDb(dir.resolve("state"))).find(run.id).status)
                .isEqualTo(Run.Status.skipped);
    }
}
