package io.snapdock.config;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaConfigTest {

    private static SnapdockConfig config(Map<String, String> props, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(props);
        return new SnapdockConfig(p, env);
    }

    @Test
    void replicaS3SettingsStandInForThePrimaryOnesAndUnsetOnesFallBack() {
        SnapdockConfig c = config(Map.of("snapdock.repository", "s3://main/p", "snapdock.replica", "s3://copy/q",
                "snapdock.s3.endpoint", "http://primary:9000", "snapdock.s3.access-key", "pk", "snapdock.s3.secret-key",
                "psecret",
                "snapdock.s3.region", "eu-west-1", "snapdock.replica.s3.endpoint", "http://replica:9000",
                "snapdock.replica.s3.region", ""),
                Map.of("SNAPDOCK_REPLICA_S3_ACCESS_KEY", "rk",
                        "SNAPDOCK_REPLICA_S3_SECRET_KEY", "rsecret"));
        SnapdockConfig view = ReplicaConfig.view(c);
        assertThat(view.get("snapdock.s3.endpoint")).isEqualTo("http://replica:9000");
        assertThat(view.get("snapdock.s3.access-key")).isEqualTo("rk");
        assertThat(view.get("snapdock.s3.secret-key")).isEqualTo("rsecret");
        assertThat(view.get("snapdock.s3.region")).as("blank: the primary's").isEqualTo("eu-west-1");
        assertThat(c.get("snapdock.s3.endpoint")).as("the primary's view is unchanged")
                .isEqualTo("http://primary:9000");
        assertThat(ReplicaConfig.location(c)).isEqualTo("s3://copy/q");
        assertThat(Secrets.redact("x rsecret y")).doesNotContain("rsecret");
    }

    @Test
    void noReplicaBadReplicaAndTheSameLocationTwice() {
        assertThat(ReplicaConfig.location(config(Map.of("snapdock.replica", " "), Map.of()))).isNull();
        ReplicaConfig.check(config(Map.of("snapdock.repository", "file:/a"), Map.of()));
        assertThatThrownBy(() -> ReplicaConfig
                .check(config(Map.of("snapdock.repository", "file:/a", "snapdock.replica", "file:/a"),
                        Map.of())))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("it is the primary repository itself");
        assertThatThrownBy(() -> ReplicaConfig
                .check(config(Map.of("snapdock.repository", "file:/a", "snapdock.replica", "ftp://x"),
                        Map.of())))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("snapdock.replica");
        assertThatThrownBy(
                () -> ReplicaConfig.check(config(Map.of("snapdock.repository", "file:/a", "snapdock.replica", "file:/b",
                        "snapdock.replica.verify", "maybe"), Map.of())))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.replica.verify=maybe");
    }
}
