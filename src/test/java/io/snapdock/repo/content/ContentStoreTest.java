package io.snapdock.repo.content;

import io.snapdock.SnapdockException;
import io.snapdock.model.CheckReport;
import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.testsupport.Damage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The content store on a real local folder: dedup, round trips, tampering, keys, check. */
class ContentStoreTest {

    @TempDir
    Path dir;

    private Snapshots open(RepositoryKey key) {
        return new Snapshots(new FileRepository(dir), new Snapshots.ContentSettings(key, 64 * 1024, 3, 1024 * 1024));
    }

    private static byte[] data(int size, long seed) {
        // Compressible but not trivial: random words from a small vocabulary, like a text dump.
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append("row").append(r.nextInt(5000)).append(r.nextBoolean() ? ",alpha\n" : ",beta\n");
        }
        return sb.substring(0, size).getBytes();
    }

    private static Manifest backup(Snapshots snapshots, String stamp, byte[] content) throws IOException {
        return io.snapdock.testsupport.StoredSnapshot.write(snapshots, stamp, "db-app.dump", content);
    }

    private static byte[] restore(Snapshots snapshots, Manifest m) throws IOException {
        try (InputStream in = snapshots.readArtifact(m.stamp, "main", m.stores.get(0).artifacts.get(0))) {
            return in.readAllBytes();
        }
    }

    private List<Path> packs() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aRepeatBackupOfSimilarDataAddsOnlyWhatChanged() throws IOException {
        Snapshots snapshots = open(null);
        byte[] first = data(4 * 1024 * 1024, 1);
        Manifest one = backup(snapshots, "20260101T000000Z", first);
        byte[] second = first.clone();
        System.arraycopy("CHANGED".getBytes(), 0, second, 2 * 1024 * 1024, 7);
        Manifest two = backup(snapshots, "20260102T000000Z", second);

        Manifest.Artifact a1 = one.stores.get(0).artifacts.get(0);
        Manifest.Artifact a2 = two.stores.get(0).artifacts.get(0);
        assertThat(a1.chunks.size()).isGreaterThan(20);
        assertThat(a1.stored).isLessThan(a1.size / 2);          // compressed
        assertThat(a2.stored).isLessThan(a1.stored / 10);        // only the changed chunk is new
        assertThat(two.encryption).isEqualTo("none (unencrypted)");

        // Each snapshot is a full copy on its own, read back through a fresh process' view.
        Snapshots fresh = open(null);
        assertThat(restore(fresh, one)).isEqualTo(first);
        assertThat(restore(fresh, two)).isEqualTo(second);
        CheckReport check = new RepositoryCheck(fresh).run(true);
        assertThat(check.ok).as(check.errors.toString()).isTrue();
        assertThat(check.snapshots).isEqualTo(2);
        assertThat(check.bytesRead).isPositive();
    }

    @Test
    void encryptedContentRoundTripsAndHidesThePlaintext() throws IOException {
        RepositoryKey key = RepositoryKey.generate();
        Snapshots snapshots = open(key);
        byte[] content = data(1024 * 1024, 2);
        Manifest m = backup(snapshots, "20260101T000000Z", content);
        assertThat(m.encryption).isEqualTo("aes-256-gcm, key id " + key.id());
        for (Path p : packs()) {
            assertThat(new String(Files.readAllBytes(p))).doesNotContain("alpha");
        }
        assertThat(Files.readString(dir.resolve("config.json"))).contains(key.id()).doesNotContain("chunkIdKey");
        assertThat(restore(open(key), m)).isEqualTo(content);
    }

    @Test
    void aManifestChangedAfterItWasWrittenIsRefusedInAnEncryptedRepository() throws IOException {
        RepositoryKey key = RepositoryKey.generate();
        Snapshots snapshots = open(key);
        Manifest one = backup(snapshots, "20260101T000000Z", data(512 * 1024, 9));
        backup(snapshots, "20260102T000000Z", data(512 * 1024, 10));
        snapshots.requireReadable(one);                       // authentic: accepted
        Path manifest = dir.resolve("snapshots/20260101T000000Z/manifest.json");
        assertThat(dir.resolve("snapshots/20260101T000000Z/manifest.mac")).exists();

        // Point the first snapshot at the second one's chunks, checksum and all: every chunk is authentic.
        Manifest two = snapshots.manifest("20260102T000000Z");
        Manifest forged = snapshots.manifest("20260101T000000Z");
        forged.stores.get(0).artifacts = two.stores.get(0).artifacts;
        Files.writeString(manifest, io.snapdock.model.Json.write(forged));
        Snapshots reader = open(key);
        assertThatThrownBy(() -> reader.requireReadable(reader.manifest("20260101T000000Z")))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("fails its authentication check")
                .hasMessageContaining("nothing was changed");
        CheckReport report = new RepositoryCheck(reader).run(false);
        assertThat(report.codes()).containsExactly("manifest_tampered");

        Files.delete(dir.resolve("snapshots/20260102T000000Z/manifest.mac"));
        assertThatThrownBy(() -> reader.requireReadable(reader.manifest("20260102T000000Z")))
                .hasMessageContaining("has no authentication code");
    }

    @Test
    void aWrongMissingOrSuperfluousKeyIsRefusedBeforeAnythingIsRead() throws IOException {
        RepositoryKey key = RepositoryKey.generate();
        Manifest m = backup(open(key), "20260101T000000Z", data(256 * 1024, 3));
        RepositoryKey wrong = RepositoryKey.generate();
        assertThatThrownBy(() -> open(wrong).prepareForBackup()).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("key id " + wrong.id()).hasMessageContaining("is not the key of repository");
        assertThatThrownBy(() -> restore(open(wrong), m)).hasMessageContaining("is not the key");
        assertThatThrownBy(() -> restore(open(null), m)).hasMessageContaining("is encrypted (key id " + key.id());

        Path plain = dir.resolve("plain");
        Snapshots unencrypted = new Snapshots(new FileRepository(plain),
                new Snapshots.ContentSettings(null, 65536, 3, 1 << 20));
        unencrypted.prepareForBackup();
        assertThatThrownBy(
                () -> new Snapshots(new FileRepository(plain), new Snapshots.ContentSettings(key, 65536, 3, 1 << 20))
                        .prepareForBackup())
                .hasMessageContaining("is not encrypted");
    }

    @Test
    void aFlippedByteInAPackIsNamedByReadAndByCheck() throws IOException {
        Snapshots snapshots = open(RepositoryKey.generate());
        byte[] content = data(3 * 1024 * 1024, 4);
        Manifest m = backup(snapshots, "20260101T000000Z", content);
        Path pack = packs().get(0);
        Damage.flipMiddleByte(pack);
        String name = pack.getFileName().toString();

        assertThatThrownBy(() -> restore(snapshots, m)).isInstanceOf(ChunkReadException.class)
                .hasMessageContaining("pack " + name + " is damaged")
                .satisfies(e -> assertThat(((ChunkReadException) e).code()).isEqualTo("pack_damaged"));
        CheckReport shallow = new RepositoryCheck(snapshots).run(false);
        assertThat(shallow.ok).isTrue();          // structure intact: only reading the data finds it
        CheckReport deep = new RepositoryCheck(snapshots).run(true);
        assertThat(deep.ok).isFalse();
        assertThat(deep.codes()).contains("pack_damaged");
        assertThat(deep.errors).anySatisfy(f -> assertThat(f.subject()).isEqualTo("pack " + name));
    }

    @Test
    void aMissingPackAndADamagedIndexAreNamed() throws IOException {
        Snapshots snapshots = open(null);
        backup(snapshots, "20260101T000000Z", data(3 * 1024 * 1024, 5));
        Path pack = packs().get(0);
        Files.delete(pack);
        CheckReport report = new RepositoryCheck(open(null)).run(false);
        assertThat(report.codes()).contains("pack_missing");
        assertThat(report.errors).anySatisfy(f -> assertThat(f.message()).contains(pack.getFileName().toString()));

        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            Files.writeString(s.findFirst().orElseThrow(), "not an index");
        }
        assertThat(new RepositoryCheck(open(null)).run(false).codes()).contains("index_damaged");
    }

    @Test
    void anInterruptedBackupLeavesOnlyPacksThatCheckReports() throws IOException {
        Snapshots snapshots = open(null);
        snapshots.prepareForBackup();
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-app.dump";
        try (ArtifactOutput out = snapshots.openArtifact("20260101T000000Z", "main", a)) {
            byte[] incompressible = new byte[3 * 1024 * 1024];
            new Random(6).nextBytes(incompressible);
            out.write(incompressible);      // more than a pack: packs are uploaded while it is written
            out.commit();
        }
        // No manifest, no index: as if the process died here.
        assertThat(packs()).isNotEmpty();
        assertThat(snapshots.list()).isEmpty();
        CheckReport report = new RepositoryCheck(open(null)).run(false);
        assertThat(report.ok).isTrue();
        assertThat(report.warnings).isNotEmpty().allSatisfy(f -> assertThat(f.code()).isEqualTo("unindexed_pack"));
    }

    @Test
    void twoWritersAtOnceKeepEveryChunkIndexed() throws Exception {
        byte[] a = data(2 * 1024 * 1024, 7);
        byte[] b = data(2 * 1024 * 1024, 8);
        Snapshots one = open(null);
        one.prepareForBackup();
        Snapshots two = open(null);
        Thread t = new Thread(() -> {
            try {
                backup(two, "20260101T000001Z", b);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        Manifest m = backup(one, "20260101T000000Z", a);
        t.join();
        Snapshots reader = open(null);
        assertThat(restore(reader, m)).isEqualTo(a);
        assertThat(restore(reader, reader.manifest("20260101T000001Z"))).isEqualTo(b);
        assertThat(new RepositoryCheck(reader).run(true).ok).isTrue();
    }
}
