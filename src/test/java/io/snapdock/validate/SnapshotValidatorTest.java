package io.snapdock.validate;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.repo.snapshot.Snapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotValidatorTest {

    private static final byte[] GLOBALS = ("--\n-- PostgreSQL database cluster dump\n--\n\nCREATE ROLE app;\n")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Snapshots snapshots;
    SnapshotValidator validator;
    String stamp;

    @BeforeEach
    void setUp() throws IOException {
        snapshots = new Snapshots(new FileRepository(dir));
        validator = new SnapshotValidator(snapshots, io.snapdock.app.StoreTypes.registry());
        stamp = snapshots.allocate(Instant.parse("2026-04-07T06:00:00Z"), Map.of());
    }

    private static byte[] dump(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        System.arraycopy("PGDMP".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 5);
        return b;
    }

    private Manifest.Artifact write(String name, String kind, byte[] content) throws IOException {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = name;
        a.kind = kind;
        try (ArtifactOutput out = snapshots.openArtifact(stamp, "main", a)) {
            out.write(content);
            return out.commit();
        }
    }

    /** Writes the artifacts and the manifest, and returns the manifest as read back from the repository. */
    private Manifest snapshot(byte[] globals, byte[] database) throws IOException {
        Manifest m = new Manifest();
        m.stamp = stamp;
        Manifest.StoreEntry s = new Manifest.StoreEntry();
        s.name = "main";
        s.type = "postgres";
        s.artifacts.add(write("globals.sql", "globals", globals));
        s.artifacts.add(write("db-app.dump", "database", database));
        m.stores.add(s);
        snapshots.writeManifest(m);
        return snapshots.manifest(stamp);
    }

    private Path file(String artifact) {
        return dir.resolve(Snapshots.artifactKey(stamp, "main", artifact));
    }

    private ValidationReport validate(Manifest m) {
        return validator.validate(m, null, store -> null);
    }

    @Test
    void anIntactSnapshotIsValidWithTheNativeCheckSkipped() throws IOException {
        Manifest m = snapshot(GLOBALS, dump(200_000));
        assertThat(m.store("main").artifacts.get(1).size).isEqualTo(200_000);
        assertThat(m.store("main").artifacts.get(1).sha256).hasSize(64);

        ValidationReport r = validate(m);
        assertThat(r.valid).isTrue();
        assertThat(r.errors).isEmpty();
        assertThat(r.stamp).isEqualTo(stamp);
        assertThat(r.checkedAt).isNotNull();
        assertThat(r.warnings).extracting(p -> p.code, p -> p.artifact)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("native_check_skipped", "db-app.dump"));
    }

    @Test
    void aFlippedByteIsAChecksumMismatch() throws IOException {
        Manifest m = snapshot(GLOBALS, dump(50_000));
        byte[] b = Files.readAllBytes(file("db-app.dump"));
        b[25_000] ^= 0x01;
        Files.write(file("db-app.dump"), b);

        ValidationReport r = validate(m);
        assertThat(r.valid).isFalse();
        assertThat(r.codes()).containsExactly("checksum_mismatch");
        assertThat(r.errors.get(0).artifact).isEqualTo("db-app.dump");
    }

    @Test
    void aTruncatedArtifactIsASizeAndChecksumMismatch() throws IOException {
        Manifest m = snapshot(GLOBALS, dump(50_000));
        byte[] b = Files.readAllBytes(file("db-app.dump"));
        Files.write(file("db-app.dump"), java.util.Arrays.copyOf(b, 1000));

        assertThat(validate(m).codes()).containsExactlyInAnyOrder("size_mismatch", "checksum_mismatch");
    }

    @Test
    void aDeletedArtifactIsMissing() throws IOException {
        Manifest m = snapshot(GLOBALS, dump(1000));
        Files.delete(file("globals.sql"));

        ValidationReport r = validate(m);
        assertThat(r.valid).isFalse();
        assertThat(r.codes()).containsExactly("artifact_missing");
        assertThat(r.errors.get(0).artifact).isEqualTo("globals.sql");
    }

    @Test
    void globalsWithoutThePgDumpallHeaderAreUnreadable() throws IOException {
        Manifest m = snapshot("CREATE ROLE app;\n".getBytes(StandardCharsets.UTF_8), dump(1000));
        assertThat(validate(m).codes()).containsExactly("globals_unreadable");
    }

    @Test
    void aDatabaseArtifactWithoutTheMagicIsUnreadable() throws IOException {
        Manifest m = snapshot(GLOBALS, "-- plain SQL, not custom format\n".getBytes(StandardCharsets.UTF_8));
        ValidationReport r = validate(m);
        assertThat(r.codes()).containsExactly("dump_unreadable");
        assertThat(r.warnings).isEmpty();
    }

    @Test
    void onlyTheRequestedStoresAreChecked() throws IOException {
        Manifest m = snapshot(GLOBALS, dump(1000));
        Files.delete(file("db-app.dump"));
        assertThat(validator.validate(m, List.of("other"), store -> null).valid).isTrue();
        assertThat(validator.validate(m, List.of("main"), store -> null).valid).isFalse();
    }
}
