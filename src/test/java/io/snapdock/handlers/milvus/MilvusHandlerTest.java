package io.snapdock.handlers.milvus;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.volume.VolumeHandler;
import io.snapdock.model.StoreSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command lines only: no Milvus or milvus-backup runs here (see the class comment of MilvusHandler). */
class MilvusHandlerTest {

    @Test
    void stopModeWithTheMilvusDataFolder() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        StoreHandler h = r.get("milvus");
        assertThat(h).isInstanceOf(MilvusHandler.class);
        assertThat(h.defaultMode()).isEqualTo("stop");
        assertThat(h.dataPath()).isEqualTo("/var/lib/milvus");
        assertThat(h.dumpsWhileStopped()).isFalse();
        assertThat(r.forMethod("milvus", "stop")).isInstanceOf(VolumeHandler.class);
    }

    @Test
    void milvusBackupCommandLines() {
        String name = MilvusCommands.backupName("20261122T010000Z");
        assertThat(name).isEqualTo("snapdock_20261122t010000z");
        assertThat(MilvusCommands.createCommand("/etc/milvus-backup/backup.yaml", name))
                .containsExactly("milvus-backup", "create", "-n", name, "--config", "/etc/milvus-backup/backup.yaml");
        assertThat(MilvusCommands.restoreCommand("/etc/milvus-backup/backup.yaml", name, "_restored"))
                .containsExactly("milvus-backup", "restore", "-n", name, "-s", "_restored", "--config",
                        "/etc/milvus-backup/backup.yaml");
    }

    @Test
    void anOnlineBackupIsRefusedWithTheWayToDoIt() {
        StoreSpec online = new StoreSpec("vectors", "milvus", "online", "c0ffee", "milvus-1", "milvusdb/milvus", null,
                null,
                null, null, Map.of("milvus-backup", "/cfg/backup.yaml"), "labels");
        StoreContext ctx = new StoreContext(online, null, null, java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(2), null, null);
        assertThatThrownBy(() -> new MilvusHandler().backup(ctx, a -> null)).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.mode=stop")
                .hasMessageContaining("milvus-backup create -n NAME --config /cfg/backup.yaml");
        assertThat(MilvusCommands.noOnlineMethod("vectors", null)).contains("snapdock.mode=stop")
                .doesNotContain("milvus-backup");
    }
}
