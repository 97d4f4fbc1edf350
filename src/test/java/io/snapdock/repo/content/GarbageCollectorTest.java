package io.snapdock.repo.content;

import io.snapdock.model.CheckReport;
import io.snapdock.model.GcReport;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The garbage collection on a real local-folder repository. */
class GarbageCollectorTest {

    private static final Duration GRACE = Duration.ofMinutes(60);

    @TempDir
    Path dir;

    private Snapshots open() {
        return new Snapshots(new FileRepository(dir),
                new Snapshots.ContentSettings(null, 64 * 1024, 3, 4 * 1024 * 1024));
    }

    private static byte[] data(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** A snapshot of one store whose artifacts are {@code name → content}, in {@code root} ("snapshots/" or "safety/"). */
    private static Manifest backup(Snapshots snapshots, String stamp,
                                   Map<String, byte[]> artifacts) throws IOException {
        return io.snapdock.testsupport.StoredSnapshot.write(snapshots, stamp, artifacts);
    }

    private static byte[] restore(Snapshots snapshots, String stamp, String artifact) throws IOException {
        Manifest m = snapshots.manifest(stamp);
        Manifest.Artifact a = m.store("main").artifacts.stream().filter(x -> x.name.equals(artifact)).findFirst()
                .orElseThrow();
        try (InputStream in = snapshots.readArtifact(stamp, "main", a)) {
            return in.readAllBytes();
        }
    }

    private List<String> packs() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Makes every pack and index file look written two hours ago (older than the grace period). */
    private void age() throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (String folder : List.of("data", "index")) {
            try (Stream<Path> s = Files.walk(dir.resolve(folder))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    Files.setLastModifiedTime(p, old);
                }
            }
        }
    }

    private void forget(String stamp) throws IOException {
        Files.delete(dir.resolve("snapshots/" + stamp + "/manifest.json"));
    }

    private GcReport collect(Snapshots snapshots) throws IOException {
        return new GarbageCollector(snapshots.contentForReading(), snapshots, GRACE, 50).run(false);
    }

    private CheckReport check(Snapshots snapshots) throws IOException {
        return new RepositoryCheck(snapshots).run(true);
    }

    @Test
    void anUnreferencedPackIsRemovedAndAReferencedOneKept() throws IOException {
        Snapshots snapshots = open();
        byte[] a = data(300_000, 1);
        byte[] b = data(300_000, 2);
        backup(snapshots, "20261101T000000Z", Map.of("a.dump", a));
        List<String> packsOfA = packs();
        backup(snapshots, "20261102T000000Z", Map.of("b.dump", b));
        assertThat(packs()).hasSize(2);
        forget("20261101T000000Z");
        age();
        long before = sizeOf("data");

        GcReport report = collect(snapshots);

        assertThat(report.packsDeleted).isEqualTo(1);
        assertThat(report.packsRepacked).isZero();
        assertThat(report.bytesFreed).isEqualTo(before - sizeOf("data")).isPositive();
        assertThat(packs()).hasSize(1).doesNotContainAnyElementsOf(packsOfA);
        assertThat(restore(open(), "20261102T000000Z", "b.dump")).isEqualTo(b);
        CheckReport check = check(open());
        assertThat(check.errors).isEmpty();
        assertThat(check.warnings).isEmpty();
        // A second collection finds nothing more to do.
        GcReport again = collect(snapshots);
        assertThat(again.packsDeleted + again.packsRepacked + again.indexFilesWritten).isZero();
    }

    @Test
    void aMostlyDeadPackIsRepackedAndStaysReadable() throws IOException {
        Snapshots snapshots = open();
        byte[] big = data(900_000, 3);
        byte[] small = data(150_000, 4);
        backup(snapshots, "20261101T000000Z", Map.of("big.dump", big, "small.dump", small));
        List<String> original = packs();
        assertThat(original).hasSize(1);
        // A second snapshot needing only the small artifact: its chunks are all known, no new pack.
        backup(snapshots, "20261102T000000Z", Map.of("small.dump", small));
        assertThat(packs()).isEqualTo(original);
        forget("20261101T000000Z");
        age();
        Snapshots reader = open();
        reader.contentForReading().refresh();     // a reader that loaded the index before the collection

        GcReport report = collect(snapshots);

        assertThat(report.packsRepacked).isEqualTo(1);
        assertThat(report.packsWritten).isEqualTo(1);
        assertThat(report.indexFilesWritten).isEqualTo(1);
        assertThat(report.indexFilesDeleted).isEqualTo(1);
        assertThat(report.bytesFreed).isGreaterThan(800_000);
        assertThat(packs()).hasSize(1).doesNotContainAnyElementsOf(original);
        assertThat(restore(open(), "20261102T000000Z", "small.dump")).isEqualTo(small);
        assertThat(restore(reader, "20261102T000000Z", "small.dump")).isEqualTo(small);
        CheckReport check = check(open());
        assertThat(check.errors).isEmpty();
        assertThat(check.warnings).isEmpty();
    }

    @Test
    void packsAndIndexFilesYoungerThanTheGracePeriodAreKept() throws IOException {
        Snapshots snapshots = open();
        backup(snapshots, "20261101T000000Z", Map.of("a.dump", data(200_000, 5)));
        List<String> before = packs();
        forget("20261101T000000Z");

        GcReport report = collect(snapshots);

        assertThat(report.packsDeleted).isZero();
        assertThat(report.packsKeptYoung).isEqualTo(1);
        assertThat(packs()).isEqualTo(before);
        age();
        assertThat(collect(snapshots).packsDeleted).isEqualTo(1);
        assertThat(packs()).isEmpty();
    }

    @Test
    void aSafetySnapshotsManifestKeepsItsPacks() throws IOException {
        Snapshots snapshots = open();
        byte[] a = data(200_000, 6);
        backup(snapshots, "20261101T000000Z", Map.of("a.dump", a));
        // A safety snapshot (taken before a restore) made by hand: same layout under safety/.
        Path safety = dir.resolve("safety/20261101T000000Z");
        Files.createDirectories(safety);
        Files.copy(dir.resolve("snapshots/20261101T000000Z/manifest.json"), safety.resolve("manifest.json"));
        Files.writeString(safety.resolve("outcome.json"), Json.write(Map.of("state", "confirmed")));
        forget("20261101T000000Z");
        age();
        List<String> before = packs();

        GcReport report = collect(snapshots);

        assertThat(report.packsDeleted).isZero();
        assertThat(packs()).isEqualTo(before);
        Files.delete(safety.resolve("manifest.json"));
        assertThat(collect(snapshots).packsDeleted).isEqualTo(1);
    }

    @Test
    void anOldPackInNoIndexFileIsRemoved() throws IOException {
        Snapshots snapshots = open();
        byte[] a = data(200_000, 7);
        backup(snapshots, "20261101T000000Z", Map.of("a.dump", a));
        // An interrupted run: a pack was uploaded, its index file never written.
        Path stray = dir.resolve("data/ab/ab" + "0".repeat(62));
        Files.createDirectories(stray.getParent());
        Files.write(stray, data(1000, 8));
        age();

        GcReport report = collect(snapshots);

        assertThat(report.packsDeleted).isEqualTo(1);
        assertThat(report.indexFilesWritten).isZero();
        assertThat(Files.exists(stray)).isFalse();
        assertThat(restore(open(), "20261101T000000Z", "a.dump")).isEqualTo(a);
        assertThat(check(open()).errors).isEmpty();
    }

    @Test
    void aDryRunChangesNothing() throws IOException {
        Snapshots snapshots = open();
        backup(snapshots, "20261101T000000Z", Map.of("a.dump", data(200_000, 9)));
        forget("20261101T000000Z");
        age();
        List<String> before = packs();

        GcReport report = new GarbageCollector(snapshots.contentForReading(), snapshots, GRACE, 50).run(true);

        assertThat(report.packsDeleted).isEqualTo(1);
        assertThat(packs()).isEqualTo(before);
    }

    private long sizeOf(String folder) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve(folder))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
