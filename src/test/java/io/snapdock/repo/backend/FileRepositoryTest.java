package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileRepositoryTest {

    @TempDir
    Path dir;
    Path root;
    FileRepository repo;

    @BeforeEach
    void setUp() {
        root = dir.resolve("repo");
        repo = new FileRepository(root);
        repo.check();
    }

    private String read(String key) throws IOException {
        try (InputStream in = repo.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<Path> filesOnDisk() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void checkCreatesTheFolderAndDescribeNamesIt() {
        assertThat(root).isDirectory();
        assertThat(repo.describe()).startsWith("file:").endsWith("repo");
    }

    @Test
    void commitPublishesTheObjectOnlyThen() throws IOException {
        try (Repository.PendingObject out = repo.create("a/b.txt")) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(repo.exists("a/b.txt")).isFalse();
            assertThatThrownBy(() -> repo.open("a/b.txt")).isInstanceOf(NoSuchFileException.class);
            out.commit();
        }
        assertThat(repo.exists("a/b.txt")).isTrue();
        assertThat(read("a/b.txt")).isEqualTo("hello");
        assertThat(filesOnDisk()).containsExactly(root.resolve("a/b.txt"));
    }

    @Test
    void replacingAnObjectKeepsTheOldContentUntilCommit() throws IOException {
        repo.put("k", "old".getBytes(StandardCharsets.UTF_8));
        try (Repository.PendingObject out = repo.create("k")) {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            assertThat(read("k")).isEqualTo("old");
            out.commit();
        }
        assertThat(read("k")).isEqualTo("new");
        assertThat(filesOnDisk()).hasSize(1);
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        try (Repository.PendingObject out = repo.create("a/b.txt")) {
            out.write(new byte[10_000]);
        }
        assertThat(repo.exists("a/b.txt")).isFalse();
        assertThat(repo.list("")).isEmpty();
        assertThat(filesOnDisk()).as("no temporary file either").isEmpty();
    }

    @Test
    void childrenAndListSkipTemporaryFiles() throws IOException {
        repo.put("snapshots/s1/main/db.dump", new byte[]{1});
        repo.put("snapshots/s1/started.json", new byte[]{2});
        Files.writeString(root.resolve("snapshots/s1/.tmp-leftover-123"), "x");
        try (Repository.PendingObject pending = repo.create("snapshots/s1/manifest.json")) {
            pending.write(3);
            assertThat(repo.children("snapshots/s1/")).containsExactly("main", "started.json");
            assertThat(repo.list("")).containsExactly("snapshots/s1/main/db.dump", "snapshots/s1/started.json");
            assertThat(repo.list("snapshots/s1/main/")).containsExactly("snapshots/s1/main/db.dump");
        }
        assertThat(repo.children("")).containsExactly("snapshots");
        assertThat(repo.children("nothing/")).isEmpty();
        assertThat(repo.list("nothing/")).isEmpty();
    }

    @Test
    void refusesKeysWithDotDot() throws IOException {
        assertThatThrownBy(() -> repo.create("../escape")).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> repo.open("a/../../escape")).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> repo.exists("..")).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> repo.delete("a/..")).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> repo.list("../")).isInstanceOf(SnapdockException.class);
        assertThat(dir.resolve("escape")).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(root);
        }
    }

    @Test
    void openOfAMissingKeyOrAFolderIsNoSuchFile() throws IOException {
        assertThatThrownBy(() -> repo.open("missing/key")).isInstanceOf(NoSuchFileException.class);
        repo.put("folder/x", new byte[]{1});
        assertThatThrownBy(() -> repo.open("folder")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteRemovesAndToleratesAMissingKey() throws IOException {
        repo.put("x", new byte[]{1});
        repo.delete("x");
        repo.delete("x");
        assertThat(repo.exists("x")).isFalse();
    }
}
