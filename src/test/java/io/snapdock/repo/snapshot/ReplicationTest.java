package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.model.CheckReport;
import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.backend.Repository;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.RepositoryCheck;
import io.snapdock.repo.content.RepositoryKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replication between two real local folders: what is copied, in which order, verified, and only once. */
class ReplicationTest {

    @TempDir
    Path dir;

    private Snapshots open(String name, RepositoryKey key) {
        return new Snapshots(new FileRepository(dir.resolve(name)),
                new Snapshots.ContentSettings(key, 64 * 1024, 3, 256 * 1024));
    }

    private static byte[] data(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append("row").append(r.nextInt(50_000)).append(r.nextBoolean() ? ",alpha\n" : ",beta\n");
        }
        return sb.substring(0, size).getBytes();
    }

    private static Manifest backup(Snapshots snapshots, String stamp, byte[] content) throws IOException {
        return io.snapdock.testsupport.StoredSnapshot.write(snapshots, stamp, "db-app.dump", content);
    }

    private static byte[] restore(Snapshots snapshots, String stamp) throws IOException {
        Manifest m = snapshots.manifest(stamp);
        snapshots.requireReadable(m);
        try (InputStream in = snapshots.readArtifact(stamp, "main", m.stores.get(0).artifacts.get(0))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSnapshotIsCopiedWholeAndReadableFromTheReplicaAndASecondRunCopiesNothing() throws IOException {
        RepositoryKey key = RepositoryKey.generate();
        Snapshots primary = open("primary", key);
        Snapshots replica = open("replica", key);
        byte[] first = data(2_000_000, 1);
        backup(primary, "20260407T060000Z", first);
        primary.writeValidation(validation("20260407T060000Z"));

        Replication.Result r = new Replication(primary, replica, true).replicate("20260407T060000Z");
        assertThat(r.status()).isEqualTo("copied");
        assertThat(r.packs()).isGreaterThan(1);
        Repository there = replica.repository();
        assertThat(there.exists("config.json")).isTrue();
        assertThat(there.children("index/")).hasSize(1);
        for (String f : List.of("validation.json", "manifest.mac", "manifest.json")) {
            assertThat(there.exists("snapshots/20260407T060000Z/" + f)).as(f).isTrue();
        }
        assertThat(Files.readAllBytes(dir.resolve("replica/config.json")))
                .isEqualTo(Files.readAllBytes(dir.resolve("primary/config.json")));
        assertThat(restore(replica, "20260407T060000Z")).isEqualTo(first);
        CheckReport check = new RepositoryCheck(replica).run(true);
        assertThat(check.ok).as(check.errors.toString()).isTrue();
        assertThat(check.warnings).isEmpty();

        // Again, with a new process's view of both: nothing is copied.
        Replication again = new Replication(open("primary", key), open("replica", key), false);
        assertThat(again.missing()).isEmpty();
        assertThat(again.replicate("20260407T060000Z"))
                .isEqualTo(new Replication.Result("20260407T060000Z", "present", 0, 0));
        assertThat(there.children("index/")).hasSize(1);

        // A second snapshot that shares most of its chunks copies only the packs it adds.
        byte[] second = first.clone();
        System.arraycopy(data(30_000, 2), 0, second, 1_000_000, 30_000);
        backup(primary, "20260408T060000Z", second);
        assertThat(again.missing()).containsExactly("20260408T060000Z");
        Replication.Result r2 = again.replicate("20260408T060000Z");
        assertThat(r2.packs()).isBetween(1, r.packs() - 1);
        assertThat(restore(open("replica", key), "20260408T060000Z")).isEqualTo(second);
        assertThat(Replication.completeStamps(there)).containsExactly("20260407T060000Z", "20260408T060000Z");
    }

    @Test
    void aReplicaOfAnotherRepositoryIsRefusedAndNothingIsCopied() throws IOException {
        Snapshots primary = open("primary", null);
        backup(primary, "20260407T060000Z", data(300_000, 3));
        Snapshots other = open("other", null);
        backup(other, "20260401T060000Z", data(1000, 4));

        assertThatThrownBy(() -> new Replication(primary, other, false).replicate("20260407T060000Z"))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("is not a copy of repository")
                .hasMessageContaining("chunk-id key and chunker seed")
                .hasMessageContaining("nothing was copied");
        assertThat(other.repository().exists("snapshots/20260407T060000Z/manifest.json")).isFalse();

        // Encrypted with another key: named by key id.
        RepositoryKey a = RepositoryKey.generate();
        RepositoryKey b = RepositoryKey.generate();
        Snapshots encrypted = open("enc", a);
        backup(encrypted, "20260407T060000Z", data(1000, 5));
        Snapshots foreign = open("foreign", b);
        backup(foreign, "20260401T060000Z", data(1000, 6));
        assertThatThrownBy(() -> new Replication(encrypted, open("foreign", a), false).replicate("20260407T060000Z"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining(b.id());
    }

    @Test
    void aPackDamagedOnThePrimaryIsNotPublishedAndTheManifestNotWritten() throws IOException {
        Snapshots primary = open("primary", null);
        backup(primary, "20260407T060000Z", data(500_000, 7));
        Path pack;
        try (var s = Files.walk(dir.resolve("primary/data"))) {
            pack = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[10] ^= 1;
        Files.write(pack, bytes);
        Snapshots replica = open("replica", null);

        assertThatThrownBy(() -> new Replication(primary, replica, false).replicate("20260407T060000Z"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("does not match its name");
        assertThat(replica.repository().exists(ContentStore.packKey(pack.getFileName().toString()))).isFalse();
        assertThat(replica.repository().exists("snapshots/20260407T060000Z/manifest.json")).isFalse();
        assertThat(replica.repository().children("index/")).isEmpty();
    }

    private static io.snapdock.model.ValidationReport validation(String stamp) {
        io.snapdock.model.ValidationReport v = new io.snapdock.model.ValidationReport();
        v.stamp = stamp;
        v.valid = true;
        return v;
    }
}
