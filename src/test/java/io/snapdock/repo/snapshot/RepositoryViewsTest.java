package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.config.Settings;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fallback rule: an unreachable primary (nothing listens at its S3 endpoint) and a local replica. */
class RepositoryViewsTest {

    @TempDir
    Path dir;

    private RepositoryViews repositories(String replica) throws IOException {
        Path config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=s3://gone/p",
                "snapdock.s3.endpoint=http://127.0.0.1:" + Ports.closed(),
                "snapdock.s3.access-key=k",
                "snapdock.s3.secret-key=secret-value",
                "snapdock.replica=" + replica,
                "snapdock.state-dir=" + dir.resolve("state"), ""));
        SnapdockConfig c = SnapdockConfig.load(config, java.util.Map.of());
        Settings settings = Settings.read(c);
        return new RepositoryViews(c, settings.repository(), settings.runs().stateDir());
    }

    @Test
    void anUnreachablePrimaryFallsBackToTheReplicaUnlessThePrimaryIsAskedFor() throws IOException {
        try (RepositoryViews repos = repositories("file:" + dir.resolve("replica"))) {
            assertThat(repos.resolve(null)).isEqualTo(RepositoryViews.REPLICA);
            assertThat(repos.resolve("replica")).isEqualTo(RepositoryViews.REPLICA);
            assertThatThrownBy(() -> repos.resolve("primary")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> repos.resolve("elsewhere")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("invalid source 'elsewhere'");
        }
    }

    @Test
    void withoutAReplicaThePrimarysFailureIsReportedAsItIs() throws IOException {
        try (RepositoryViews repos = repositories("")) {
            assertThatThrownBy(() -> repos.resolve(null)).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("s3://gone/p");
            assertThatThrownBy(() -> repos.resolve("replica")).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("no replica is configured");
        }
    }
}
