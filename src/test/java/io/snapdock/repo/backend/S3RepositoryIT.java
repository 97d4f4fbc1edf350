package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.testsupport.CuttingProxy;
import io.snapdock.testsupport.LogCapture;
import io.snapdock.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link S3Repository} against a real S3 protocol implementation (S3Proxy, embedded), opened
 * the way Snapdock opens it: {@code snapdock.repository=s3://...} through {@link Repositories}.
 */
class S3RepositoryIT {

    private static final String BUCKET = "snapdock-it";
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path serverDir;
    private static S3ProxyServer s3;

    @TempDir
    Path configDir;
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    /** Each test writes below its own prefix, so tests never see each other's objects. */
    private String prefix;

    @BeforeAll
    static void startServer() {
        s3 = S3ProxyServer.start(serverDir.resolve("s3"));
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.stop();
        }
    }

    @BeforeEach
    void prefix() {
        // A neutral name: the prefix shows up in error messages, which the tests search for words.
        prefix = "it/t" + TEST_NUMBER.incrementAndGet() + "/";
    }

    // ---------------------------------------------------------------------------------------
    // Happy paths
    // ---------------------------------------------------------------------------------------

    @Test
    void putThenOpenReturnsTheSameBytes() throws IOException {
        byte[] manifest = "{\"id\":\"20260407T060000Z\",\"stores\":[\"main\"]}\n".getBytes(StandardCharsets.UTF_8);
        String key = "snapshots/20260407T060000Z/manifest.json";
        try (Repository repo = open()) {
            repo.check();
            assertThat(repo.exists(key)).isFalse();

            repo.put(key, manifest);

            assertThat(repo.exists(key)).isTrue();
            try (InputStream in = repo.open(key)) {
                assertThat(in.readAllBytes()).isEqualTo(manifest);
            }
            // The location's prefix is applied on the server side.
            assertThat(s3.keys(BUCKET)).contains(prefix + key);

            repo.delete(key);
            assertThat(repo.exists(key)).isFalse();
            assertThat(s3.keys(BUCKET)).doesNotContain(prefix + key);
        }
    }

    @Test
    void versionsListEveryKeyWithATagThatChangesWhenTheObjectIsRewritten() throws IOException {
        try (Repository repo = open()) {
            repo.put("versions/20260407T060000Z/manifest.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            repo.put("versions/20260407T060000Z/validation.json", "{}".getBytes(StandardCharsets.UTF_8));
            java.util.Map<String, String> before = repo.versions("versions/");
            assertThat(before).containsOnlyKeys("versions/20260407T060000Z/manifest.json",
                    "versions/20260407T060000Z/validation.json");
            repo.put("versions/20260407T060000Z/validation.json", "{\"valid\":true}".getBytes(StandardCharsets.UTF_8));
            java.util.Map<String, String> after = repo.versions("versions/");
            assertThat(after.get("versions/20260407T060000Z/manifest.json"))
                    .isEqualTo(before.get("versions/20260407T060000Z/manifest.json"));
            assertThat(after.get("versions/20260407T060000Z/validation.json"))
                    .isNotEqualTo(before.get("versions/20260407T060000Z/validation.json"));
        }
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        try (Repository repo = open()) {
            repo.put("records/empty", new byte[0]);
            assertThat(repo.exists("records/empty")).isTrue();
            try (InputStream in = repo.open("records/empty")) {
                assertThat(in.readAllBytes()).isEmpty();
            }
        }
    }

    @Test
    void openingAMissingKeyThrowsNoSuchFileException() throws IOException {
        try (Repository repo = open()) {
            assertThatThrownBy(() -> repo.open("snapshots/nope/manifest.json"))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("snapshots/nope/manifest.json");
            assertThat(repo.exists("snapshots/nope/manifest.json")).isFalse();
        }
    }

    @Test
    void objectLargerThanTwoPartsIsStreamedAsMultipartUpload() throws Exception {
        long size = 12L * MIB + 12_345; // three parts of 5 MiB: 5 + 5 + ~2
        String key = "snapshots/20260407T060000Z/main/db.dump";
        byte[] written;
        try (Repository repo = open(Map.of("snapdock.s3.part-size-mb", "5"))) {
            MessageDigest sha = sha256();
            Random random = new Random(20260407L);
            byte[] chunk = new byte[64 * 1024 + 17]; // not a divisor of the part size
            try (Repository.PendingObject out = repo.create(key)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    random.nextBytes(chunk);
                    out.write(chunk, 0, n);
                    sha.update(chunk, 0, n);
                    left -= n;
                }
                // Two full parts were sent while writing: a multipart upload is under way,
                // and nothing is visible under the key yet.
                assertThat(s3.pendingUploads(BUCKET)).containsExactly(prefix + key);
                assertThat(repo.exists(key)).isFalse();

                out.commit();
            }
            written = sha.digest();

            assertThat(s3.pendingUploads(BUCKET)).isEmpty();
            assertThat(repo.exists(key)).isTrue();
            MessageDigest readSha = sha256();
            long read;
            try (InputStream in = new DigestInputStream(repo.open(key), readSha)) {
                read = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(read).isEqualTo(size);
            assertThat(HexFormat.of().formatHex(readSha.digest())).isEqualTo(HexFormat.of().formatHex(written));
            assertThat(repo.list("snapshots/")).containsExactly(key);
        }
    }

    @Test
    void objectOfExactlyOnePartIsComplete() throws Exception {
        byte[] data = new byte[5 * MIB];
        new Random(5L).nextBytes(data);
        try (Repository repo = open(Map.of("snapdock.s3.part-size-mb", "5"))) {
            repo.put("one-part.bin", data);
            try (InputStream in = repo.open("one-part.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(s3.pendingUploads(BUCKET)).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Close without commit
    // ---------------------------------------------------------------------------------------

    @Test
    void closeWithoutCommitOfASmallObjectLeavesNothing() throws IOException {
        try (Repository repo = open(Map.of("snapdock.s3.part-size-mb", "5"))) {
            try (Repository.PendingObject out = repo.create("snapshots/x/small.sql")) {
                out.write("CREATE TABLE t ();\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(repo.exists("snapshots/x/small.sql")).isFalse();
            assertThat(repo.list("")).isEmpty();
            assertThat(repo.children("snapshots/")).isEmpty();
            assertThat(s3.keys(BUCKET)).noneMatch(k -> k.startsWith(prefix));
        }
    }

    @Test
    void closeWithoutCommitOfAMultipartObjectAbortsTheUpload() throws IOException {
        String key = "snapshots/x/big.dump";
        try (Repository repo = open(Map.of("snapdock.s3.part-size-mb", "5"))) {
            byte[] chunk = new byte[MIB];
            new Random(7L).nextBytes(chunk);
            try (Repository.PendingObject out = repo.create(key)) {
                for (int i = 0; i < 11; i++) {
                    out.write(chunk);
                }
                assertThat(s3.pendingUploads(BUCKET)).containsExactly(prefix + key);
            }
            assertThat(s3.pendingUploads(BUCKET)).isEmpty();
            assertThat(repo.exists(key)).isFalse();
            assertThatThrownBy(() -> repo.open(key)).isInstanceOf(NoSuchFileException.class);
            assertThat(repo.list("")).isEmpty();
            assertThat(repo.children("snapshots/")).isEmpty();
            assertThat(s3.keys(BUCKET)).noneMatch(k -> k.startsWith(prefix));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Listing below a prefix
    // ---------------------------------------------------------------------------------------

    @Test
    void childrenAndListStayInsideThePrefixOfTheLocation() throws IOException {
        // Neighbours in the same bucket that must never show up.
        try (Repository outside = open("s3://" + BUCKET + "/" + prefix.substring(0, prefix.length() - 1) + "-other",
                Map.of())) {
            outside.put("snapshots/20990101T000000Z/manifest.json", new byte[]{1});
        }
        try (Repository repo = open()) {
            repo.put("snapshots/20260407T060000Z/main/globals.sql", bytes("globals"));
            repo.put("snapshots/20260407T060000Z/main/app.dump", bytes("app"));
            repo.put("snapshots/20260407T060000Z/manifest.json", bytes("{}"));
            repo.put("snapshots/20260408T060000Z/manifest.json", bytes("{}"));
            repo.put("snapshots/index.json", bytes("[]"));
            repo.put("runs/20260407T060000Z.json", bytes("{}"));

            assertThat(repo.children("snapshots/"))
                    .containsExactly("20260407T060000Z", "20260408T060000Z", "index.json");
            assertThat(repo.children("snapshots/20260407T060000Z/"))
                    .containsExactly("main", "manifest.json");
            assertThat(repo.children("")).containsExactly("runs", "snapshots");
            assertThat(repo.children("nothing-here/")).isEmpty();

            assertThat(repo.list("snapshots/20260407T060000Z/")).containsExactlyInAnyOrder(
                    "snapshots/20260407T060000Z/main/globals.sql",
                    "snapshots/20260407T060000Z/main/app.dump",
                    "snapshots/20260407T060000Z/manifest.json");
            assertThat(repo.list("")).containsExactlyInAnyOrder(
                    "snapshots/20260407T060000Z/main/globals.sql",
                    "snapshots/20260407T060000Z/main/app.dump",
                    "snapshots/20260407T060000Z/manifest.json",
                    "snapshots/20260408T060000Z/manifest.json",
                    "snapshots/index.json",
                    "runs/20260407T060000Z.json");
            assertThat(repo.list("nothing-here/")).isEmpty();
        }
    }

    @Test
    void describeNamesTheLocationAndNoSecret() {
        try (Repository repo = open()) {
            assertThat(repo.describe())
                    .contains("s3://" + BUCKET + "/" + prefix)
                    .contains(s3.endpoint())
                    .doesNotContain(s3.secretKey());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Keys that could leave the repository
    // ---------------------------------------------------------------------------------------

    @Test
    void keysWithDotDotAreRefused() throws IOException {
        try (Repository repo = open()) {
            repo.put("snapshots/inside.json", bytes("{}"));
            for (String bad : List.of("../escape", "snapshots/../../escape", "snapshots/..", "..",
                    "a/./b", "/absolute", "a//b", "a\\b")) {
                assertRefused(() -> repo.create(bad), bad);
                assertRefused(() -> repo.put(bad, new byte[]{1}), bad);
                assertRefused(() -> repo.open(bad), bad);
                assertRefused(() -> repo.exists(bad), bad);
                assertRefused(() -> repo.delete(bad), bad);
            }
            assertRefused(() -> repo.children("../"), "../");
            assertRefused(() -> repo.children("snapshots/../../"), "snapshots/../../");
            assertRefused(() -> repo.list("../"), "../");
            assertRefused(() -> repo.list("snapshots/../../"), "snapshots/../../");
        }
        // Nothing was written outside the prefix.
        assertThat(s3.keys(BUCKET)).noneMatch(k -> k.contains("escape") || k.contains(".."));
    }

    @Test
    void aLocationPrefixWithDotDotIsRefused() {
        assertThatThrownBy(() -> open("s3://" + BUCKET + "/team/../other", Map.of()))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("invalid repository key");
    }

    private static void assertRefused(ThrowingCall call, String key) {
        assertThatThrownBy(call::run)
                .as("key '%s'", key)
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("invalid repository key");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------------------------------
    // Failures an operator must understand
    // ---------------------------------------------------------------------------------------

    @Test
    void unreachableEndpointFailsQuicklyNamingTheBucket() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = Map.of("snapdock.s3.endpoint", "http://127.0.0.1:" + closedPort);
        try (Repository repo = open(settings)) {
            long started = System.nanoTime();
            SnapdockException e = catchThrowableOfType(SnapdockException.class, repo::check);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(e).as("check() against a closed port").isNotNull();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(e.kind()).isEqualTo(SnapdockException.Kind.UNAVAILABLE);
            assertThat(e.getMessage())
                    .contains("s3://" + BUCKET + "/")
                    .contains("127.0.0.1:" + closedPort)
                    .containsIgnoringCase("unreachable")
                    .doesNotContain("\n")
                    .doesNotContain(s3.secretKey());
        }
    }

    @Test
    void wrongSecretKeyIsReportedAsAccessDeniedWithoutTheSecret() throws IOException {
        String wrongSecret = "wrong-secret-7d3be0c1";
        try (Repository repo = open(Map.of("snapdock.s3.secret-key", wrongSecret))) {
            SnapdockException onCheck = catchThrowableOfType(SnapdockException.class, repo::check);
            assertThat(onCheck).isNotNull();
            assertThat(onCheck.kind()).isEqualTo(SnapdockException.Kind.UNAVAILABLE);
            assertThat(onCheck.getMessage())
                    .contains("s3://" + BUCKET + "/")
                    .containsIgnoringCase("access denied")
                    .doesNotContain(wrongSecret)
                    .doesNotContain(s3.secretKey())
                    .doesNotContain("\n");

            SnapdockException onPut = catchThrowableOfType(SnapdockException.class,
                    () -> repo.put("snapshots/denied.json", bytes("{}")));
            assertThat(onPut).isNotNull();
            assertThat(onPut.getMessage())
                    .contains("s3://" + BUCKET + "/" + prefix + "snapshots/denied.json")
                    .containsIgnoringCase("access denied")
                    .doesNotContain(wrongSecret);
        }
        assertThat(s3.keys(BUCKET)).doesNotContain(prefix + "snapshots/denied.json");
    }

    @Test
    void unknownAccessKeyIsReportedAsAccessDenied() {
        try (Repository repo = open(Map.of("snapdock.s3.access-key", "nobody-here"))) {
            assertThatThrownBy(repo::check)
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/")
                    .hasMessageContainingAll("access denied")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(s3.secretKey()));
        }
    }

    @Test
    void missingBucketIsReportedAsNotExisting() throws IOException {
        String missing = "snapdock-no-such-bucket";
        try (Repository repo = open("s3://" + missing + "/" + prefix, Map.of())) {
            SnapdockException e = catchThrowableOfType(SnapdockException.class, repo::check);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(SnapdockException.Kind.UNAVAILABLE);
            assertThat(e.getMessage())
                    .contains("s3://" + missing + "/")
                    .contains("bucket '" + missing + "' does not exist")
                    .doesNotContain(s3.secretKey())
                    .doesNotContain("\n");

            assertThatThrownBy(() -> repo.put("snapshots/x.json", bytes("{}")))
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("bucket '" + missing + "' does not exist");
            assertThatThrownBy(() -> repo.children("snapshots/"))
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("bucket '" + missing + "' does not exist");
            // A restore from a misconfigured bucket must not claim that the snapshot is missing.
            assertThatThrownBy(() -> repo.open("snapshots/20260407T060000Z/manifest.json"))
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("bucket '" + missing + "' does not exist");
        }
        assertThat(s3.bucketExists(missing)).isFalse();
    }

    // ---------------------------------------------------------------------------------------
    // Parallel parts, storage class, bucket creation
    // ---------------------------------------------------------------------------------------

    @Test
    void partsSentInParallelMakeOneMultipartObject() throws Exception {
        byte[] data = new byte[26 * MIB + 333];
        new Random(26L).nextBytes(data);
        String key = "data/ab/ab-parallel";
        try (Repository repo = open(Map.of("snapdock.s3.part-size-mb", "5", "snapdock.s3.upload-concurrency", "3",
                "snapdock.s3.storage-class", "STANDARD_IA"))) {
            try (Repository.PendingObject out = repo.create(key)) {
                // Written in one call: the parts are handed to the senders as they fill.
                out.write(data);
                out.commit();
            }
            assertThat(repo.size(key)).isEqualTo(data.length);
            // Six parts of 5 MiB (the last one shorter): an S3 multipart ETag ends with -6.
            assertThat(s3.head(BUCKET, prefix + key).eTag()).matches("\"?[0-9a-f]+-6\"?");
            try (InputStream in = repo.open(key)) {
                assertThat(sha256Hex(in.readAllBytes())).isEqualTo(sha256Hex(data));
            }
            assertThat(repo.read(key, 5L * MIB - 10, 20))
                    .isEqualTo(java.util.Arrays.copyOfRange(data, 5 * MIB - 10, 5 * MIB + 10));
            assertThat(s3.pendingUploads(BUCKET)).isEmpty();
        }
    }

    @Test
    void checksumsOnEveryRequestWorkWhereTheServerSupportsThem() throws Exception {
        byte[] data = new byte[11 * MIB + 5];
        new Random(11L).nextBytes(data);
        try (Repository repo = open(Map.of("snapdock.s3.checksum", "always", "snapdock.s3.part-size-mb", "5"))) {
            repo.put("data/ef/ef-checked", data);
            repo.put("snapshots/small.json", bytes("{}"));
            try (InputStream in = repo.open("data/ef/ef-checked")) {
                assertThat(sha256Hex(in.readAllBytes())).isEqualTo(sha256Hex(data));
            }
            assertThat(repo.read("snapshots/small.json", 0, 2)).isEqualTo(bytes("{}"));
        }
    }

    @Test
    void aMissingBucketIsCreatedOnlyWhenAskedTo() throws IOException {
        String bucket = "snapdock-created-" + TEST_NUMBER.get();
        try (Repository repo = open("s3://" + bucket + "/" + prefix, Map.of())) {
            assertThatThrownBy(repo::check)
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("bucket '" + bucket + "' does not exist")
                    .hasMessageContaining("snapdock.s3.create-bucket=true");
        }
        assertThat(s3.bucketExists(bucket)).isFalse();
        try (Repository repo = open("s3://" + bucket + "/" + prefix, Map.of("snapdock.s3.create-bucket", "true"))) {
            repo.check();
            repo.put("snapshots/x.json", bytes("{}"));
            assertThat(repo.exists("snapshots/x.json")).isTrue();
            repo.check(); // an existing bucket is used as it is
        }
        assertThat(s3.bucketExists(bucket)).isTrue();
    }

    // ---------------------------------------------------------------------------------------
    // Dropped connections
    // ---------------------------------------------------------------------------------------

    @Test
    void aDownloadCutMidWayResumesFromTheByteAlreadyRead() throws Exception {
        byte[] data = new byte[24 * MIB + 77];
        new Random(24L).nextBytes(data);
        String key = "data/cd/cd-large";
        try (Repository direct = open(Map.of("snapdock.s3.part-size-mb", "8"))) {
            direct.put(key, data);
        }
        try (CuttingProxy cutter = CuttingProxy.start(s3.port());
             Repository repo = open(Map.of("snapdock.s3.endpoint", cutter.endpoint()));
             LogCapture log = LogCapture.start()) {
            // A whole-object stream, cut once after ~9 MiB of the response.
            cutter.cutOnceAfter(9L * MIB + 4321);
            byte[] read;
            try (InputStream in = repo.open(key)) {
                read = in.readAllBytes();
            }
            assertThat(cutter.cuts()).isEqualTo(1);
            assertThat(read).hasSize(data.length);
            assertThat(sha256Hex(read)).isEqualTo(sha256Hex(data));

            // A range inside a pack, cut once after 1 MiB of its 6 MiB.
            cutter.cutOnceAfter(MIB);
            byte[] range = repo.read(key, 3L * MIB + 5, 6 * MIB);
            assertThat(cutter.cuts()).isEqualTo(2);
            assertThat(sha256Hex(range))
                    .isEqualTo(sha256Hex(java.util.Arrays.copyOfRange(data, 3 * MIB + 5, 9 * MIB + 5)));

            assertThat(log.text())
                    .contains("S3 get s3://" + BUCKET + "/" + prefix + key)
                    .contains("resuming from there (resume 1 of 5)")
                    .doesNotContain(s3.secretKey());
        }
    }

    @Test
    void aRequestWhoseConnectionDropsIsRetriedUpToMaxAttempts() throws Exception {
        byte[] data = bytes("{\"id\":\"20260407T060000Z\"}");
        try (CuttingProxy cutter = CuttingProxy.start(s3.port())) {
            try (Repository repo = open(Map.of("snapdock.s3.endpoint", cutter.endpoint()))) {
                repo.check();
                // The answer to the PUT is dropped before its first byte: the SDK sends it again.
                cutter.cutOnceAfter(0);
                repo.put("snapshots/retried.json", data);
                assertThat(cutter.cuts()).isEqualTo(1);
                try (InputStream in = repo.open("snapshots/retried.json")) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
            }
            try (Repository once = open(
                    Map.of("snapdock.s3.endpoint", cutter.endpoint(), "snapdock.s3.max-attempts", "1"))) {
                once.check();
                cutter.cutOnceAfter(0);
                assertThatThrownBy(() -> once.put("snapshots/not-retried.json", data))
                        .isInstanceOf(SnapdockException.class)
                        .hasMessageContaining("S3 put s3://" + BUCKET + "/" + prefix + "snapshots/not-retried.json")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(s3.secretKey()));
                assertThat(cutter.cuts()).isEqualTo(2);
            }
        }
    }

    @Test
    void aServerThatDropsEveryConnectionFailsTheCallNamingItWithoutTheSecret() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // Connections are accepted, then dropped at once: the server is "there" but never answers.
        try (CuttingProxy nothingBehind = CuttingProxy.start(closedPort);
             Repository repo = open(
                     Map.of("snapdock.s3.endpoint", nothingBehind.endpoint(), "snapdock.s3.max-attempts", "3"))) {
            long started = System.nanoTime();
            SnapdockException e = catchThrowableOfType(SnapdockException.class,
                    () -> repo.put("snapshots/20260407T060000Z/manifest.json", bytes("{}")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(e).isNotNull();
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(e.kind()).isEqualTo(SnapdockException.Kind.UNAVAILABLE);
            assertThat(e.getMessage())
                    .contains("S3 put s3://" + BUCKET + "/" + prefix + "snapshots/20260407T060000Z/manifest.json")
                    .doesNotContain(s3.secretKey())
                    .doesNotContain(s3.accessKey() + ":")
                    .doesNotContain("\n");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------

    private Repository open() {
        return open(Map.of());
    }

    private Repository open(Map<String, String> overrides) {
        return open("s3://" + BUCKET + "/" + prefix, overrides);
    }

    /** Writes a config file like an operator would and opens the repository it names. */
    private Repository open(String location, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("snapdock.repository", location);
        props.put("snapdock.s3.endpoint", s3.endpoint());
        props.put("snapdock.s3.region", s3.region());
        props.put("snapdock.s3.access-key", s3.accessKey());
        props.put("snapdock.s3.secret-key", s3.secretKey());
        props.put("snapdock.s3.path-style", "true");
        props.putAll(overrides);
        Properties p = new Properties();
        p.putAll(props);
        try {
            Path file = Files.createTempFile(configDir, "snapdock-", ".properties");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            // An empty environment: SNAPDOCK_* variables of the machine running the build must not leak in.
            return Repositories.open(SnapdockConfig.load(file, Map.of()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256Hex(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(sha256().digest(b));
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
