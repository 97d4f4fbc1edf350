package io.snapdock.app;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigCheckTest {

    @TempDir
    Path dir;

    private SnapdockConfig config(String... lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add("snapdock.repository=file:" + dir.resolve("repo").toString().replace('\\', '/'));
        all.add("snapdock.stores.main.type=postgres");
        all.addAll(List.of(lines));
        Path file = Files.write(dir.resolve("snapdock.properties"), all);
        return SnapdockConfig.load(file, Map.of());
    }

    private static void assertRefused(SnapdockConfig config, String... fragments) {
        assertThatThrownBy(() -> ConfigCheck.check(config, io.snapdock.app.StoreTypes.registry()))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void aGoodConfigPasses() throws IOException {
        SnapdockConfig c = config("snapdock.stores.main.port=5432", "snapdock.stores.main.mode=online",
                "snapdock.stores.other.type=postgresql", "snapdock.stores.other.mode=stop",
                "snapdock.schedule.backup=0 30 2 * * ?");
        assertThat(ConfigCheck.check(c, io.snapdock.app.StoreTypes.registry())).isSameAs(c);
    }

    @Test
    void refusesABadRepositoryScheme() throws IOException {
        assertRefused(config("snapdock.repository=ftp://host/backups"), "snapdock.repository=ftp://host/backups");
    }

    @Test
    void refusesABadHttpPort() throws IOException {
        assertRefused(config("snapdock.http.port=abc"), "snapdock.http.port=abc");
        assertRefused(config("snapdock.http.port=70000"), "snapdock.http.port=70000");
    }

    @Test
    void refusesABadPortFromTheEnvironment() throws IOException {
        SnapdockConfig c = SnapdockConfig.load(null, Map.of("SNAPDOCK_HTTP_PORT", "0",
                "SNAPDOCK_REPOSITORY", "file:" + dir.resolve("repo")));
        assertRefused(c, "snapdock.http.port=0");
    }

    @Test
    void refusesABadCron() throws IOException {
        assertRefused(config("snapdock.schedule.backup=every night"), "snapdock.schedule.backup=every night");
    }

    @Test
    void refusesBadRetentionSettings() throws IOException {
        assertRefused(config("snapdock.retention.max-age-days=0"), "snapdock.retention.max-age-days=0");
        assertRefused(config("snapdock.retention.daily=-1"), "snapdock.retention.daily");
        assertRefused(config("snapdock.gc.repack-below-percent=101"), "snapdock.gc.repack-below-percent");
        assertRefused(config("snapdock.schedule.retention=every day"), "snapdock.schedule.retention=every day");
        assertThat(ConfigCheck.check(config("snapdock.retention.max-age-days=", "snapdock.lock.stale-minutes=5"),
                io.snapdock.app.StoreTypes.registry())).isNotNull();
    }

    @Test
    void refusesABadDockerHost() throws IOException {
        assertRefused(config("snapdock.docker.host=http://localhost:2375"), "snapdock.docker.host");
    }

    @Test
    void refusesAnUnknownStoreType() throws IOException {
        assertRefused(config("snapdock.stores.main.type=mongodb"), "snapdock.stores.main.type=mongodb", "postgres");
    }

    @Test
    void refusesABadStoreName() throws IOException {
        assertRefused(config("snapdock.stores.-bad.type=postgres"), "invalid store name", "-bad");
        assertRefused(config("snapdock.stores.a..b.type=postgres"), "invalid store name");
    }

    @Test
    void refusesABadStorePort() throws IOException {
        assertRefused(config("snapdock.stores.main.port=99999"), "snapdock.stores.main.port=99999");
    }

    @Test
    void refusesABadMode() throws IOException {
        assertRefused(config("snapdock.stores.main.mode=paused"), "snapdock.stores.main.mode=paused", "online or stop");
    }
}
