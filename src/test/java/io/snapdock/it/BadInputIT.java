package io.snapdock.it;

import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a one-line error naming the problem, a non-zero exit, no stack trace, and
 * touches nothing: the repository stays empty. Uses a real (closed) PostgreSQL port and a real
 * S3 server (S3Proxy) for the reachability and credential cases.
 */
class BadInputIT {

    @TempDir
    static Path dir;

    static S3ProxyServer s3;
    static Path repo;
    static int closedPort;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
        s3.createBucket("snapdock-bad-input");
        repo = dir.resolve("repository");
        closedPort = Ports.closed();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    /** A config with one declared store, "main", on a port where nothing listens. */
    static Path config(String name, String extra) throws IOException {
        Path f = dir.resolve(name + ".properties");
        Files.writeString(f, "snapdock.repository=file:" + repo + "\n"
                + "snapdock.discovery.enabled=false\n"
                + "snapdock.stores.main.type=postgres\n"
                + "snapdock.stores.main.host=127.0.0.1\n"
                + "snapdock.stores.main.port=" + closedPort + "\n"
                + "snapdock.stores.main.password=pg-secret-never-shown\n"
                + extra);
        return f;
    }

    static void assertCleanError(Cli.Result r, int exit, String... fragments) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err()).as(r.toString()).contains(fragments).startsWith("snapdock: ")
                .doesNotContain("\tat ", "Exception in thread");
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
    }

    static void assertRepositoryUntouched() throws IOException {
        if (Files.exists(repo.resolve("snapshots"))) {
            try (Stream<Path> s = Files.list(repo.resolve("snapshots"))) {
                assertThat(s).as("snapshots written").isEmpty();
            }
        }
    }

    @Test
    void unknownStoreIsNamed() throws IOException {
        Cli.Result r = Cli.run("backup", "--store", "nosuch", "--config", config("unknown", "").toString());
        assertCleanError(r, 2, "unknown store 'nosuch'", "main");
        assertRepositoryUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", "..", "x y", ".hidden"})
    void storeNamesThatCouldEscapeAreRefused(String name) throws IOException {
        Cli.Result r = Cli.run("restore", "20260101T000000Z", "--store", name, "--config",
                config("names", "").toString());
        assertCleanError(r, 2, "invalid store name");
        assertRepositoryUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01", "../../etc/passwd", "20260101T000000Z/..", "20261340T000000Z", "latest!"})
    void malformedStampsAreRefused(String stamp) throws IOException {
        Path cfg = config("stamps", "");
        for (String command : new String[]{"restore", "show", "validate"}) {
            assertCleanError(Cli.run(command, stamp, "--config", cfg.toString()), 2, "malformed stamp");
        }
        assertRepositoryUntouched();
    }

    @Test
    void aStampThatDoesNotExistIsNamed() throws IOException {
        Cli.Result r = Cli.run("restore", "20200101T000000Z", "--config", config("missing", "").toString());
        assertCleanError(r, 2, "snapshot 20200101T000000Z does not exist");
        assertRepositoryUntouched();
    }

    @Test
    void anUnreachablePostgresFailsBeforeAnythingIsWritten() throws IOException {
        Cli.Result r = Cli.run("backup", "--config", config("unreachable-pg", "").toString());
        assertCleanError(r, 4, "main", "no store answered");
        assertThat(r.err()).containsAnyOf("Connection refused", "could not connect")
                .doesNotContain("pg-secret-never-shown");
        assertRepositoryUntouched();
    }

    @Test
    void anUnreachableS3IsNamed() throws IOException {
        Path cfg = config("unreachable-s3", "snapdock.repository=s3://snapdock-bad-input/x\n"
                + "snapdock.s3.endpoint=http://127.0.0.1:" + Ports.closed() + "\n"
                + "snapdock.s3.access-key=" + s3.accessKey() + "\nsnapdock.s3.secret-key=" + s3.secretKey() + "\n");
        assertCleanError(Cli.run("list", "--config", cfg.toString()), 4, "snapdock-bad-input", "unreachable");
        Cli.Result backup = Cli.run("backup", "--config", cfg.toString());
        assertCleanError(backup, 4, "snapdock-bad-input", "unreachable");
        assertThat(backup.err()).doesNotContain(s3.secretKey());
    }

    @Test
    void wrongS3CredentialsAreNamedWithoutTheSecret() throws IOException {
        Path cfg = config("wrong-s3", "snapdock.repository=s3://snapdock-bad-input/x\n"
                + "snapdock.s3.endpoint=" + s3.endpoint() + "\n"
                + "snapdock.s3.access-key=" + s3.accessKey() + "\nsnapdock.s3.secret-key=wrong-secret-8d2f\n");
        Cli.Result r = Cli.run("backup", "--config", cfg.toString());
        assertCleanError(r, 4, "access denied", "snapdock-bad-input");
        assertThat(r.err()).doesNotContain("wrong-secret-8d2f");
        assertThat(s3.keys("snapdock-bad-input")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "snapdock.http.port=abc|snapdock.http.port",
            "snapdock.repository=ftp://somewhere|snapdock.repository",
            "snapdock.schedule.backup=every day|snapdock.schedule.backup",
            "snapdock.stores.other.type=oracle|snapdock.stores.other.type",
            "snapdock.stores.main.mode=sometimes|snapdock.stores.main.mode",
            "snapdock.s3.endpoint=not a url|snapdock.s3.endpoint",
            "snapdock.docker.host=docker.example|snapdock.docker.host"})
    void brokenConfigValuesAreNamed(String line) throws IOException {
        String[] parts = line.split("\\|");
        String extra = parts[0] + "\n"
                + (parts[0].startsWith("snapdock.s3") ? "snapdock.repository=s3://b-ucket/p\n" : "");
        Cli.Result r = Cli.run("backup", "--config", config("broken", extra).toString());
        assertCleanError(r, 2, parts[1]);
        assertRepositoryUntouched();
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertCleanError(Cli.run("list", "--config", dir.resolve("nope.properties").toString()), 2,
                "config file not found");
    }
}
