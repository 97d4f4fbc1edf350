package io.snapdock.config;

import io.snapdock.SnapdockException;
import io.snapdock.app.ConfigCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The maintenance, retry and notification settings are checked before anything runs. */
class MaintenanceConfigCheckTest {

    @TempDir
    Path dir;

    private SnapdockConfig check(String... lines) throws IOException {
        Path f = Files.writeString(dir.resolve("c.properties"), String.join("\n", lines) + "\n");
        return ConfigCheck.check(SnapdockConfig.load(f, Map.of()), io.snapdock.app.StoreTypes.registry());
    }

    @Test
    void theDefaultsPass() throws IOException {
        assertThat(check()).isNotNull();
    }

    @Test
    void brokenValuesAreNamed() {
        assertThatThrownBy(() -> check("snapdock.schedule.repack=first sunday"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("snapdock.schedule.repack");
        assertThatThrownBy(() -> check("snapdock.maintenance.batch-size=0"))
                .hasMessageContaining("snapdock.maintenance.batch-size");
        assertThatThrownBy(() -> check("snapdock.retry.max-redeliveries=lots"))
                .hasMessageContaining("snapdock.retry.max-redeliveries");
        assertThatThrownBy(() -> check("snapdock.maintenance.targets.x.url=jdbc:postgresql://db/x",
                "snapdock.maintenance.targets.x.rules.r.table=t")).hasMessageContaining("rules.r.timestamp-column");
    }

    @Test
    void aWebhookUrlIsNeverEchoed() {
        assertThatThrownBy(() -> check("snapdock.notify.webhook-url=ftp://token-abc123@example.org/hook"))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.notify.webhook-url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token-abc123"));
    }
}
