package io.snapdock.run;

import io.snapdock.SnapdockException;
import io.snapdock.app.Snapdock;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fallback rule: an unreachable primary (nothing listens at its S3 endpoint) and a local replica. */
class SourcesTest {

    @TempDir
    Path dir;

    private Snapdock snapdock(String replica) throws IOException {
        Path config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=s3://gone/p",
                "snapdock.s3.endpoint=http://127.0.0.1:" + Ports.closed(),
                "snapdock.s3.access-key=k",
                "snapdock.s3.secret-key=secret-value",
                "snapdock.replica=" + replica,
                "snapdock.state-dir=" + dir.resolve("state"), ""));
        return new Snapdock(SnapdockConfig.load(config, java.util.Map.of()), HandlerRegistry.defaults());
    }

    @Test
    void anUnreachablePrimaryFallsBackToTheReplicaUnlessThePrimaryIsAskedFor() throws IOException {
        try (Snapdock sd = snapdock("file:" + dir.resolve("replica"))) {
            assertThat(Sources.resolve(sd, null)).isEqualTo(Sources.REPLICA);
            assertThat(Sources.resolve(sd, "replica")).isEqualTo(Sources.REPLICA);
            assertThatThrownBy(() -> Sources.resolve(sd, "primary")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> Sources.resolve(sd, "elsewhere")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("invalid source 'elsewhere'");
        }
    }

    @Test
    void withoutAReplicaThePrimarysFailureIsReportedAsItIs() throws IOException {
        try (Snapdock sd = snapdock("")) {
            assertThatThrownBy(() -> Sources.resolve(sd, null)).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("s3://gone/p");
            assertThatThrownBy(() -> Sources.resolve(sd, "replica")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("no replica is configured");
        }
    }
}
