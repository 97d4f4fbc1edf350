package io.snapdock.retention;

import io.snapdock.model.Decision;
import io.snapdock.model.SnapshotEntry;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.backend.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading snapshot folders for the policy, and deleting one manifest first. */
class SnapshotFoldersTest {

    @TempDir
    Path dir;

    /** A folder repository that records the order of deletes. */
    static final class Recording implements Repository {
        final FileRepository inner;
        final List<String> deletes = new ArrayList<>();

        Recording(Path dir) {
            inner = new FileRepository(dir);
        }

        public String describe() {
            return inner.describe();
        }
        public void check() {
            inner.check();
        }
        public PendingObject create(String key) throws IOException {
            return inner.create(key);
        }
        public InputStream open(String key) throws IOException {
            return inner.open(key);
        }
        public boolean exists(String key) throws IOException {
            return inner.exists(key);
        }
        public long size(String key) throws IOException {
            return inner.size(key);
        }
        public List<String> children(String prefix) throws IOException {
            return inner.children(prefix);
        }
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        public void delete(String key) throws IOException {
            if (inner.exists(key)) {
                deletes.add(key);
            }
            inner.delete(key);
        }
    }

    private static void put(Repository repo, String key, String text) throws IOException {
        repo.put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsSnapshotsAndSafetySnapshotsThenDeletesTheManifestFirst() throws IOException {
        Recording repo = new Recording(dir);
        String manifest = "{\"format\":2,\"stamp\":\"%s\",\"stores\":[{\"name\":\"pg\",\"artifacts\":[]},{\"name\":\"redis\",\"artifacts\":[]}]}";
        put(repo, "snapshots/20261120T010000Z/started.json", "{}");
        put(repo, "snapshots/20261120T010000Z/pg/old-format.dump", "x");
        put(repo, "snapshots/20261120T010000Z/manifest.json", manifest.formatted("20261120T010000Z"));
        put(repo, "snapshots/20261120T010000Z/validation.json",
                "{\"stamp\":\"20261120T010000Z\",\"valid\":false,\"errors\":[{\"code\":\"dump_unreadable\",\"store\":\"redis\"}]}");
        put(repo, "snapshots/20261121T010000Z/started.json", "{}");
        put(repo, "snapshots/not-a-stamp/started.json", "{}");
        put(repo, "safety/20261119T010000Z/manifest.json", manifest.formatted("20261119T010000Z"));
        put(repo, "safety/20261119T010000Z/outcome.json", "{\"state\":\"confirmed\",\"at\":\"2026-11-19T02:00:00Z\"}");

        List<SnapshotEntry> entries = new SnapshotFolders(repo).read();

        assertThat(entries).hasSize(3);
        SnapshotEntry complete = entries.stream().filter(e -> e.stamp().equals("20261120T010000Z")).findFirst()
                .orElseThrow();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.validStores()).containsExactly("pg");
        assertThat(
                entries.stream().filter(e -> e.stamp().equals("20261121T010000Z")).findFirst().orElseThrow().complete())
                .isFalse();
        SnapshotEntry safety = entries.stream().filter(e -> e.area() == SnapshotEntry.Area.safety).findFirst()
                .orElseThrow();
        assertThat(safety.outcome()).isEqualTo("confirmed");
        assertThat(safety.outcomeAt()).hasToString("2026-11-19T02:00:00Z");

        new SnapshotFolders(repo)
                .delete(new Decision(SnapshotEntry.Area.snapshots, "20261120T010000Z", false, List.of("test")));

        assertThat(repo.deletes).containsExactly("snapshots/20261120T010000Z/manifest.json",
                "snapshots/20261120T010000Z/validation.json", "snapshots/20261120T010000Z/pg/old-format.dump",
                "snapshots/20261120T010000Z/started.json");
        assertThat(repo.children("snapshots/")).containsExactly("20261121T010000Z", "not-a-stamp");
    }
}
