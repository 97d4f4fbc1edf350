package io.snapdock.config;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapdockConfigTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.writeString(dir.resolve("snapdock.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void packagedDefaultsApplyWithoutAFile() {
        SnapdockConfig c = SnapdockConfig.load(null, Map.of());
        assertThat(c.get("snapdock.repository")).isEqualTo("file:./snapdock-repository");
        assertThat(c.getInt("snapdock.http.port", 1, 1, 65535)).isEqualTo(8080);
        assertThat(c.getBoolean("snapdock.schedule.enabled", false)).isTrue();
        assertThat(c.get("snapdock.s3.endpoint")).as("blank counts as unset").isNull();
        assertThat(c.get("snapdock.s3.endpoint", "fallback")).isEqualTo("fallback");
    }

    @Test
    void configFileOverridesDefaults() throws IOException {
        SnapdockConfig c = SnapdockConfig.load(file("snapdock.http.port=9090", "snapdock.repository=file:/backups",
                "snapdock.stores.main.password=from-file"), Map.of());
        assertThat(c.getInt("snapdock.http.port", 1, 1, 65535)).isEqualTo(9090);
        assertThat(c.get("snapdock.repository")).isEqualTo("file:/backups");
        assertThat(c.get("snapdock.stores.main.password")).isEqualTo("from-file");
        assertThat(c.get("snapdock.http.host")).as("untouched default").isEqualTo("127.0.0.1");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        SnapdockConfig c = SnapdockConfig.load(file("snapdock.repository=file:/backups",
                "snapdock.stores.main.type=postgres", "snapdock.stores.main.password=from-file"),
                Map.of("SNAPDOCK_REPOSITORY", "s3://bucket/prefix", "SNAPDOCK_STORES_MAIN_PASSWORD", "from-env"));
        assertThat(c.get("snapdock.repository")).isEqualTo("s3://bucket/prefix");
        assertThat(c.get("snapdock.stores.main.password")).isEqualTo("from-env");
        assertThat(c.resolved().getProperty("snapdock.repository")).isEqualTo("s3://bucket/prefix");
        assertThat(c.with("snapdock.repository", "file:/other").get("snapdock.repository")).isEqualTo("file:/other");
    }

    @Test
    void envNameUpperCasesAndReplacesDotsAndDashes() {
        assertThat(SnapdockConfig.envName("snapdock.s3.access-key")).isEqualTo("SNAPDOCK_S3_ACCESS_KEY");
        assertThat(SnapdockConfig.envName("snapdock.stores.main.password")).isEqualTo("SNAPDOCK_STORES_MAIN_PASSWORD");
    }

    @Test
    void getIntNamesThePropertyInItsErrors() {
        SnapdockConfig notANumber = SnapdockConfig.load(null, Map.of("SNAPDOCK_HTTP_PORT", "abc"));
        assertThatThrownBy(() -> notANumber.getInt("snapdock.http.port", 8080, 1, 65535))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.http.port=abc").hasMessageContaining("not a whole number");
        SnapdockConfig tooBig = SnapdockConfig.load(null, Map.of("SNAPDOCK_HTTP_PORT", "70000"));
        assertThatThrownBy(() -> tooBig.getInt("snapdock.http.port", 8080, 1, 65535))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.http.port=70000").hasMessageContaining("between 1 and 65535");
    }

    @Test
    void getBooleanAcceptsCommonWordsAndNamesThePropertyOtherwise() {
        assertThat(SnapdockConfig.load(null, Map.of("SNAPDOCK_SCHEDULE_ENABLED", "off"))
                .getBoolean("snapdock.schedule.enabled", true)).isFalse();
        assertThat(SnapdockConfig.load(null, Map.of("SNAPDOCK_SCHEDULE_ENABLED", "YES"))
                .getBoolean("snapdock.schedule.enabled", false)).isTrue();
        SnapdockConfig c = SnapdockConfig.load(null, Map.of("SNAPDOCK_SCHEDULE_ENABLED", "maybe"));
        assertThatThrownBy(() -> c.getBoolean("snapdock.schedule.enabled", true))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.schedule.enabled=maybe");
    }

    @Test
    void requireNamesAMissingProperty() {
        SnapdockConfig c = SnapdockConfig.load(null, Map.of());
        assertThatThrownBy(() -> c.require("snapdock.nothing"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("snapdock.nothing");
    }

    @Test
    void aMissingConfigFileIsBadInput() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> SnapdockConfig.load(missing, Map.of()))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("config file not found");
    }

    @Test
    void anUnparseableConfigFileIsBadInput() throws IOException {
        Path bad = file("snapdock.http.port=\\u00zz");
        assertThatThrownBy(() -> SnapdockConfig.load(bad, Map.of()))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void declaredStoresAreTheNamesWithATypeSorted() throws IOException {
        SnapdockConfig c = SnapdockConfig.load(file("snapdock.stores.orders.type=postgres",
                "snapdock.stores.main.type=postgres", "snapdock.stores.main.host=db", "snapdock.stores.ghost.host=x"),
                Map.of());
        assertThat(c.declaredStores()).containsExactly("main", "orders");
        assertThat(SnapdockConfig.load(null, Map.of()).declaredStores()).isEmpty();
    }
}
