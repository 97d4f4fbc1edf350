package io.snapdock.docker;

import io.snapdock.exec.RunningCommand;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.testsupport.AppContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DockerGateway#startSibling}: the plumbing the Neo4j handler's dump and load use
 * (neo4j-admin itself cannot run here), exercised with the app test image — a throw-away
 * container with the store's image and volumes, as a given user, its stdout streamed out, its
 * stdin streamed in with an end, its exit code, removed afterwards; also while the store's own
 * container is stopped.
 */
class SiblingStreamIT {

    static GenericContainer<?> store;
    static DockerGateway docker;

    @BeforeAll
    static void start() throws Exception {
        store = AppContainer.create(Map.of());
        store.start();
        AppContainer.sh(store, "head -c 20000000 /dev/urandom > /data/big.bin");
        docker = new DockerGateway("unix:///var/run/docker.sock");
    }

    @AfterAll
    static void stop() {
        if (docker != null) {
            docker.close();
        }
        if (store != null) {
            store.stop();
        }
    }

    static String shaInStore(String path) throws Exception {
        return AppContainer.sh(store, "sha256sum " + path + " | cut -d' ' -f1").strip();
    }

    static List<String> siblings() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("snapdock.sibling-of", store.getContainerId())).exec()
                .stream().map(c -> c.getId()).toList();
    }

    @Test
    void stdoutOfASiblingStreamsOutWhileTheStoreIsStopped() throws Exception {
        String expected = shaInStore("/data/big.bin");
        DockerClientFactory.instance().client().stopContainerCmd(store.getContainerId()).exec();
        try {
            MessageDigest sha = ArtifactOutput.newSha256();
            long n;
            try (RunningCommand cmd = docker.startSibling(AppContainer.IMAGE, store.getContainerId(),
                    List.of("cat", "/data/big.bin"), Map.of(), "app", false)) {
                n = new DigestInputStream(cmd.stdout(), sha).transferTo(OutputStream.nullOutputStream());
                assertThat(cmd.waitFor(Duration.ofMinutes(2))).isZero();
            }
            assertThat(n).isEqualTo(20_000_000L);
            assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(expected);
            assertThat(siblings()).as("the sibling is removed").isEmpty();
        } finally {
            DockerClientFactory.instance().client().startContainerCmd(store.getContainerId()).exec();
        }
    }

    @Test
    void stdinStreamsInUntilItsEndAsTheGivenUser() throws Exception {
        byte[] data = new byte[5_000_000];
        new Random(42).nextBytes(data);
        String expected = HexFormat.of().formatHex(ArtifactOutput.newSha256().digest(data));
        String out;
        try (RunningCommand cmd = docker.startSibling(AppContainer.IMAGE, store.getContainerId(),
                List.of("sh", "-c", "cat > /data/in.bin && id -u && echo \"$GREETING\""), Map.of("GREETING", "hello"),
                "app", true)) {
            try (OutputStream in = cmd.stdin()) {
                in.write(data);
            }
            out = new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cmd.waitFor(Duration.ofMinutes(2))).isZero();
        }
        assertThat(out).isEqualTo("1000\nhello\n");
        assertThat(shaInStore("/data/in.bin")).isEqualTo(expected);
        assertThat(AppContainer.sh(store, "stat -c %U /data/in.bin").strip()).isEqualTo("app");
        assertThat(siblings()).isEmpty();
    }

    @Test
    void exitCodeAndStderrComeBack() throws Exception {
        try (RunningCommand cmd = docker.startSibling(AppContainer.IMAGE, store.getContainerId(),
                List.of("sh", "-c", "echo partial; echo 'no such database' >&2; exit 3"), Map.of(), null, false)) {
            assertThat(new String(cmd.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("partial\n");
            assertThat(cmd.waitFor(Duration.ofMinutes(1))).isEqualTo(3);
            assertThat(cmd.stderr()).contains("no such database");
        }
        assertThat(siblings()).isEmpty();
    }
}
