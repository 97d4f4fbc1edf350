package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.FileRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SnapshotsTest {

    private static final Instant NOW = Instant.parse("2026-04-07T06:00:00.500Z");

    @TempDir
    Path dir;
    FileRepository repo;
    Snapshots snapshots;

    @BeforeEach
    void setUp() {
        repo = new FileRepository(dir);
        snapshots = new Snapshots(repo);
    }

    private static Manifest manifest(String stamp, long size) {
        Manifest m = new Manifest();
        m.stamp = stamp;
        m.trigger = "test";
        m.startedAt = NOW.toString();
        m.finishedAt = NOW.plusSeconds(5).toString();
        Manifest.StoreEntry s = new Manifest.StoreEntry();
        s.name = "main";
        s.type = "postgres";
        s.method = "online";
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-app.dump";
        a.kind = "database";
        a.database = "app";
        a.format = "pg_dump-custom";
        a.size = size;
        a.sha256 = "ab".repeat(32);
        s.artifacts.add(a);
        m.stores.add(s);
        return m;
    }

    @Test
    void allocateReservesDistinctStampsInTheSameSecond() throws IOException {
        String first = snapshots.allocate(NOW, Map.of("run", "r1"));
        String second = snapshots.allocate(NOW, Map.of("run", "r2"));
        assertThat(first).isEqualTo("20260407T060000Z");
        assertThat(second).isEqualTo("20260407T060001Z");
        assertThat(repo.exists("snapshots/" + first + "/started.json")).isTrue();
        assertThat(repo.exists("snapshots/" + second + "/started.json")).isTrue();
    }

    @Test
    void artifactKeyRefusesBadStoreNamesAndStamps() {
        assertThat(Snapshots.artifactKey("20260407T060000Z", "main", "globals.sql"))
                .isEqualTo("snapshots/20260407T060000Z/main/globals.sql");
        for (String bad : new String[]{"../x", "a/b", "..", ""}) {
            assertThatThrownBy(() -> Snapshots.artifactKey("20260407T060000Z", bad, "globals.sql"))
                    .isInstanceOf(SnapdockException.class).hasMessageContaining("invalid store name");
        }
        assertThatThrownBy(() -> Snapshots.artifactKey("..", "main", "globals.sql"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("malformed stamp");
    }

    @Test
    void manifestRoundTrips() throws IOException {
        Manifest m = manifest("20260407T060000Z", 42);
        m.failures.add(new Manifest.StoreFailure("other", "postgres", "connection refused"));
        snapshots.writeManifest(m);

        Manifest back = snapshots.manifest("20260407T060000Z");
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(back.store("main").artifacts).singleElement().extracting(a -> a.size).isEqualTo(42L);
        assertThat(back.totalSize()).isEqualTo(42);
    }

    @Test
    void manifestOfAStartedSnapshotSaysItIsIncomplete() throws IOException {
        String stamp = snapshots.allocate(NOW, Map.of());
        assertThatThrownBy(() -> snapshots.manifest(stamp))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.NOT_FOUND))
                .hasMessageContaining("incomplete").hasMessageContaining("not restorable");
    }

    @Test
    void manifestOfAMissingSnapshotSaysItDoesNotExist() {
        assertThatThrownBy(() -> snapshots.manifest("20200101T000000Z"))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.NOT_FOUND))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> snapshots.manifest("../etc"))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT));
    }

    @Test
    void listIsNewestFirstWithIncompleteAndValidationStatus() throws IOException {
        String oldest = snapshots.allocate(NOW, Map.of());
        String unfinished = snapshots.allocate(NOW, Map.of());
        String checkedBad = snapshots.allocate(NOW, Map.of());
        String newest = snapshots.allocate(NOW, Map.of());
        repo.put("snapshots/not-a-stamp/x", new byte[]{1});

        Manifest m1 = manifest(oldest, 10);
        m1.failures.add(new Manifest.StoreFailure("other", "postgres", "down"));
        snapshots.writeManifest(m1);
        snapshots.writeValidation(new ValidationReport(oldest).finish(NOW.toString()));
        snapshots.writeManifest(manifest(checkedBad, 20));
        ValidationReport bad = new ValidationReport(checkedBad);
        bad.add("checksum_mismatch", "main", "db-app.dump", null);
        snapshots.writeValidation(bad.finish(NOW.toString()));
        snapshots.writeManifest(manifest(newest, 30));

        assertThat(snapshots.list())
                .extracting(Snapshots.Summary::stamp, Snapshots.Summary::complete, Snapshots.Summary::validation,
                        Snapshots.Summary::size, Snapshots.Summary::failedStores)
                .containsExactly(
                        tuple(newest, true, "unchecked", 30L, 0),
                        tuple(checkedBad, true, "invalid", 20L, 0),
                        tuple(unfinished, false, "incomplete", 0L, 0),
                        tuple(oldest, true, "valid", 10L, 1));
        assertThat(snapshots.list().get(0).stores()).containsExactly("main");
        assertThat(snapshots.validation(unfinished)).isNull();
    }

    @Test
    void readersInParallelListTheSameAsOneAtATimeInTheSameOrder() throws IOException {
        for (int i = 0; i < 120; i++) {
            String stamp = snapshots.allocate(NOW.plusSeconds(3600L * i), Map.of());
            if (i % 7 == 3) {
                continue;   // interrupted: no manifest
            }
            snapshots.writeManifest(manifest(stamp, i));
            if (i % 2 == 0) {
                snapshots.writeValidation(new ValidationReport(stamp).finish(NOW.toString()));
            }
        }
        repo.put("snapshots/20260501T000000Z/manifest.json", "{ not json".getBytes());

        snapshots.listReaders(1);
        var oneAtATime = snapshots.list();
        snapshots.listReaders(16);
        var parallel = snapshots.list();

        assertThat(parallel).hasSize(121).isEqualTo(oneAtATime);
        assertThat(parallel).extracting(Snapshots.Summary::stamp)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(parallel).filteredOn(s -> !s.complete()).hasSize(17 + 1);
        assertThat(parallel.get(0)).extracting(Snapshots.Summary::stamp, Snapshots.Summary::validation)
                .containsExactly("20260501T000000Z", "incomplete");
    }

    @Test
    void aCachedListingIsUsedOnlyWhileTheManifestAndValidationAreUnchanged(@TempDir Path state) throws IOException {
        Path cache = state.resolve("list.json");
        snapshots.listCache(cache);
        String a = snapshots.allocate(NOW, Map.of());
        String b = snapshots.allocate(NOW, Map.of());
        snapshots.writeManifest(manifest(a, 10));
        var first = snapshots.list();
        assertThat(cache).exists();
        assertThat(first).extracting(Snapshots.Summary::stamp, Snapshots.Summary::validation)
                .containsExactly(tuple(b, "incomplete"), tuple(a, "unchecked"));

        // Changed since: b gets its manifest, a a validation record; a new c appears, nothing else read wrongly.
        snapshots.writeManifest(manifest(b, 20));
        snapshots.writeValidation(new ValidationReport(a).finish(NOW.toString()));
        String c = snapshots.allocate(NOW, Map.of());
        var second = snapshots.list();
        assertThat(second).extracting(Snapshots.Summary::stamp, Snapshots.Summary::validation, Snapshots.Summary::size)
                .containsExactly(tuple(c, "incomplete", 0L), tuple(b, "unchecked", 20L), tuple(a, "valid", 10L));

        // Unchanged: the lines come from the cache (a cached line is used as it is: proven by editing the cache).
        String edited = java.nio.file.Files.readString(cache).replaceAll("\"size\"\\s*:\\s*20", "\"size\": 21");
        java.nio.file.Files.writeString(cache, edited);
        assertThat(snapshots.list()).extracting(Snapshots.Summary::size).containsExactly(0L, 21L, 10L);

        // A deleted manifest is noticed at once; a broken cache file is no cache.
        repo.delete("snapshots/" + b + "/manifest.json");
        java.nio.file.Files.writeString(cache, "{ broken");
        assertThat(snapshots.list()).extracting(Snapshots.Summary::stamp, Snapshots.Summary::complete)
                .containsExactly(tuple(c, false), tuple(b, false), tuple(a, true));
        snapshots.listCache(null);
        assertThat(snapshots.list()).isEqualTo(snapshots.list());
    }

    @Test
    void discardRemovesAnUnfinishedSnapshot() throws IOException {
        String stamp = snapshots.allocate(NOW, Map.of());
        repo.put(Snapshots.artifactKey(stamp, "main", "globals.sql"), new byte[]{1});
        snapshots.discard(stamp);
        assertThat(repo.list("snapshots/" + stamp + "/")).isEmpty();
    }

    @Test
    void aDiscardedSnapshotIsNoLongerListed() throws IOException {
        String stamp = snapshots.allocate(NOW, Map.of());
        repo.put(Snapshots.artifactKey(stamp, "main", "globals.sql"), new byte[]{1});
        snapshots.discard(stamp);
        assertThat(snapshots.stamps()).doesNotContain(stamp);
    }

    @Test
    void discardNeverTouchesASnapshotWithAManifest() throws IOException {
        String stamp = snapshots.allocate(NOW, Map.of());
        String artifact = Snapshots.artifactKey(stamp, "main", "db-app.dump");
        repo.put(artifact, new byte[]{1});
        snapshots.writeManifest(manifest(stamp, 1));
        snapshots.discard(stamp);
        assertThat(repo.exists(artifact)).isTrue();
        assertThat(snapshots.manifest(stamp).stamp).isEqualTo(stamp);
    }
}
