package io.snapdock.validate;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.content.ContentStore;
import io.snapdock.repo.content.PackContents;
import io.snapdock.repo.content.RepositoryKey;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;
import io.snapdock.testsupport.Damage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The check after a backup: what the run uploaded is read back, what it reuses must still be there. */
class NewDataVerificationTest {

    @TempDir
    Path dir;

    private Snapshots snapshots() {
        return new Snapshots(new FileRepository(dir),
                new Snapshots.ContentSettings(RepositoryKey.generate(), 64 * 1024, 3, 512 * 1024));
    }

    private static Manifest manifest(String stamp) {
        Manifest m = new Manifest();
        m.stamp = stamp;
        Manifest.StoreEntry s = new Manifest.StoreEntry();
        s.name = "main";
        s.type = "volume";
        m.stores.add(s);
        return m;
    }

    private static List<PackContents> backup(Snapshots snapshots, Manifest m, byte[] data) throws IOException {
        snapshots.prepareForBackup();
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "data.tar";
        try (ArtifactOutput out = snapshots.openArtifact(m.stamp, "main", a)) {
            out.write(data);
            m.stores.get(0).artifacts.add(out.commit());
        }
        return snapshots.writeManifest(m);
    }

    @Test
    void intactPacksPassAndAFlippedByteOrALostPackIsNamed() throws IOException {
        Snapshots snapshots = snapshots();
        SnapshotValidator validator = new SnapshotValidator(snapshots, io.snapdock.app.StoreTypes.registry());
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(1).nextBytes(data);
        Manifest first = manifest("20260101T000000Z");
        List<PackContents> written = backup(snapshots, first, data);
        assertThat(written).isNotEmpty();
        ValidationReport ok = validator.verifyNewData(first, written);
        assertThat(ok.valid).as(ok.errors.toString()).isTrue();
        assertThat(ok.scope).isEqualTo("new-data");

        Path pack = dir.resolve(ContentStore.packKey(written.get(0).pack()));
        Damage.flipMiddleByte(pack);
        ValidationReport damaged = validator.verifyNewData(first, written);
        assertThat(damaged.codes()).contains("pack_damaged");
        assertThat(damaged.errors.toString()).contains(written.get(0).pack());

        // A second backup of the same data uploads nothing; a pack it relies on that has gone is named.
        Manifest second = manifest("20260102T000000Z");
        List<PackContents> none = backup(snapshots, second, data);
        assertThat(none).isEmpty();
        Files.delete(pack);
        ValidationReport missing = validator.verifyNewData(second, none);
        assertThat(missing.codes()).containsExactly("pack_missing");
    }
}
