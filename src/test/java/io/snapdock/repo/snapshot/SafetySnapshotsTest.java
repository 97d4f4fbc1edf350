package io.snapdock.repo.snapshot;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.content.RepositoryKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Safety snapshots: their own prefix, the same content store (dedup), outcome.json, never in the snapshot list. */
class SafetySnapshotsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    @TempDir
    Path dir;

    private static Manifest.StoreEntry store(Snapshots into, String stamp, byte[] data) throws IOException {
        Manifest.StoreEntry s = new Manifest.StoreEntry();
        s.name = "db";
        s.type = "postgres";
        s.method = "online";
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-app.dump";
        a.kind = "database";
        a.database = "app";
        try (ArtifactOutput out = into.openArtifact(stamp, "db", a)) {
            ((OutputStream) out).write(data);
            s.artifacts.add(out.commit());
        }
        return s;
    }

    private static Manifest manifest(String stamp, Manifest.StoreEntry entry) {
        Manifest m = new Manifest();
        m.stamp = stamp;
        m.trigger = "restore";
        m.startedAt = NOW.toString();
        m.stores.add(entry);
        return m;
    }

    @Test
    void aSafetySnapshotLivesUnderSafetyDedupsAndIsNeverListedAsASnapshot() throws Exception {
        Snapshots snapshots = new Snapshots(new FileRepository(dir),
                new Snapshots.ContentSettings(RepositoryKey.generate(),
                        64 * 1024, 3, 1 << 20));
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        String stamp = snapshots.allocate(NOW, Map.of("run", "backup-run"));
        snapshots.writeManifest(manifest(stamp, store(snapshots, stamp, data)));
        long packsAfterBackup;
        try (var files = Files.walk(dir.resolve("data"))) {
            packsAfterBackup = files.filter(Files::isRegularFile).count();
        }

        Snapshots safetyView = snapshots.safety();
        String safetyStamp = safetyView.allocate(NOW.plusSeconds(60), Map.of("run", "restore-run"));
        Manifest.StoreEntry copy = store(safetyView, safetyStamp, data);
        safetyView.writeManifest(manifest(safetyStamp, copy));

        assertThat(dir.resolve("safety").resolve(safetyStamp).resolve("manifest.json")).exists();
        assertThat(dir.resolve("safety").resolve(safetyStamp).resolve("manifest.mac")).exists();
        assertThat(dir.resolve("snapshots").resolve(safetyStamp)).doesNotExist();
        try (var files = Files.walk(dir.resolve("data"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("the same content is stored once")
                    .isEqualTo(packsAfterBackup);
        }
        assertThat(snapshots.list()).extracting(Snapshots.Summary::stamp).containsExactly(stamp);
        try (var in = safetyView.readArtifact(safetyStamp, "db", copy.artifacts.get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        SafetySnapshots safety = new SafetySnapshots(snapshots);
        assertThat(safety.list()).singleElement().satisfies(s -> {
            assertThat(s.stamp()).isEqualTo(safetyStamp);
            assertThat(s.outcome()).isEqualTo("pending");
            assertThat(s.run()).isEqualTo("restore-run");
            assertThat(s.stores()).containsExactly("db");
            assertThat(s.size()).isEqualTo(data.length);
        });
        safety.writeOutcome(safetyStamp, new SafetySnapshots.Outcome(SafetySnapshots.CONFIRMED, "restore-run", stamp,
                NOW.plusSeconds(90).toString()));
        String outcome = Files.readString(dir.resolve("safety").resolve(safetyStamp).resolve("outcome.json"),
                StandardCharsets.UTF_8);
        assertThat(outcome).contains("\"state\" : \"confirmed\"", "\"run\" : \"restore-run\"",
                "\"restored\" : \"" + stamp + "\"",
                "\"at\" : ");
        assertThat(safety.list().get(0).outcome()).isEqualTo("confirmed");
        assertThat(safety.list().get(0).restored()).isEqualTo(stamp);
    }

    @Test
    void aSafetySnapshotWithoutManifestIsListedIncomplete() throws Exception {
        Snapshots snapshots = new Snapshots(new FileRepository(dir));
        String stamp = snapshots.safety().allocate(NOW, Map.of("run", "r"));
        assertThat(new SafetySnapshots(snapshots).list()).singleElement()
                .satisfies(s -> {
                    assertThat(s.stamp()).isEqualTo(stamp);
                    assertThat(s.outcome()).isEqualTo("incomplete");
                });
    }
}
