package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.app.ConfigCheck;
import io.snapdock.config.SnapdockConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code snapdock.s3.*} settings: defaults, environment overrides, and bad values refused naming the property. */
class S3SettingsTest {

    private static SnapdockConfig env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("SNAPDOCK_REPOSITORY", "s3://backups/team");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(SnapdockConfig.envName(pairs[i]), pairs[i + 1]);
        }
        return SnapdockConfig.load(null, env);
    }

    private static S3Settings settings(String... pairs) {
        return S3Settings.from("s3://backups/team", env(pairs));
    }

    @Test
    void defaultsSuitAnS3CompatibleServer() {
        S3Settings s = settings();
        assertThat(s.bucket()).isEqualTo("backups");
        assertThat(s.prefix()).isEqualTo("team/");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.partSizeBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(s.uploadConcurrency()).isEqualTo(4);
        assertThat(s.storageClass()).isNull();
        assertThat(s.checksumAlways()).isFalse();
        assertThat(s.createBucket()).isFalse();
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void everySettingIsRead() {
        S3Settings s = settings("snapdock.s3.path-style", "false", "snapdock.s3.region", "eu-west-3",
                "snapdock.s3.part-size-mb", "8", "snapdock.s3.upload-concurrency", "2",
                "snapdock.s3.storage-class", "standard_ia", "snapdock.s3.checksum", "always",
                "snapdock.s3.create-bucket", "true", "snapdock.s3.max-attempts", "3",
                "snapdock.s3.connect-timeout-seconds", "2", "snapdock.s3.read-timeout-seconds", "30",
                "snapdock.s3.endpoint", "https://minio.example:9000");
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.region()).isEqualTo("eu-west-3");
        assertThat(s.partSizeBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(s.uploadConcurrency()).isEqualTo(2);
        assertThat(s.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s.checksumAlways()).isTrue();
        assertThat(s.createBucket()).isTrue();
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.endpoint()).hasToString("https://minio.example:9000");
    }

    @Test
    void theStorageClassGoesToPacksOnly() {
        S3Settings s = settings("snapdock.s3.storage-class", "STANDARD_IA");
        assertThat(s.storageClassOf("data/ab/ab12cd")).isEqualTo("STANDARD_IA");
        assertThat(s.storageClassOf("index/0001")).isNull();
        assertThat(s.storageClassOf("snapshots/20260407T060000Z/manifest.json")).isNull();
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        assertRefused("snapdock.s3.upload-concurrency", "0");
        assertRefused("snapdock.s3.upload-concurrency", "many");
        assertRefused("snapdock.s3.part-size-mb", "4");
        assertRefused("snapdock.s3.storage-class", "COLD");
        assertRefused("snapdock.s3.storage-class", "GLACIER");
        assertRefused("snapdock.s3.checksum", "never");
        assertRefused("snapdock.s3.create-bucket", "maybe");
        assertRefused("snapdock.s3.max-attempts", "0");
        assertRefused("snapdock.s3.connect-timeout-seconds", "-1");
        assertRefused("snapdock.s3.read-timeout-seconds", "0");
        assertRefused("snapdock.s3.region", "EU West");
        assertRefused("snapdock.s3.endpoint", "minio:9000");
        assertRefused("snapdock.s3.path-style", "sometimes");
    }

    private static void assertRefused(String key, String value) {
        assertThatThrownBy(() -> settings(key, value)).as("%s=%s", key, value)
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining(key + "=");
        // Refused at start too, before any run, whatever the repository.
        assertThatThrownBy(() -> ConfigCheck.check(env(key, value), io.snapdock.app.StoreTypes.registry()))
                .as("%s=%s at start", key, value)
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining(key + "=");
    }

    @Test
    void theSecretIsInNoStringOfTheSettings() {
        S3Settings s = settings("snapdock.s3.access-key", "AKIAEXAMPLE", "snapdock.s3.secret-key", "s3cr3t-value-91");
        assertThat(s.toString()).doesNotContain("s3cr3t-value-91");
    }
}
