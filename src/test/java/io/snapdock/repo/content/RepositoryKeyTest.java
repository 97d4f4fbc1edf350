package io.snapdock.repo.content;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryKeyTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileReadsBackToTheSameKey() throws Exception {
        RepositoryKey key = RepositoryKey.generate();
        Path file = dir.resolve("key");
        Files.writeString(file, key.fileText());
        RepositoryKey read = RepositoryKey.read(file);
        assertThat(read.id()).isEqualTo(key.id()).hasSize(16);
        assertThat(read.derive("x")).isEqualTo(key.derive("x"));
        assertThat(RepositoryKey.generate().id()).isNotEqualTo(key.id());
    }

    @Test
    void theIdAndToStringNeverShowTheKey() throws Exception {
        RepositoryKey key = RepositoryKey.generate();
        String secret = key.fileText().lines().filter(l -> l.startsWith("snapdock-key-v1:")).findFirst().orElseThrow()
                .substring("snapdock-key-v1:".length());
        assertThat(key.toString()).doesNotContain(secret);
        assertThat(secret).doesNotContain(key.id());
    }

    @Test
    void aFileThatIsNotAKeyIsRefusedWithoutShowingItsContent() throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "snapdock-key-v1:c2hvcnQ=\n");
        assertThatThrownBy(() -> RepositoryKey.read(file)).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("is not a Snapdock key file").hasMessageNotContaining("c2hvcnQ");
        Files.writeString(file, "password=hunter2\n");
        assertThatThrownBy(() -> RepositoryKey.read(file)).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RepositoryKey.read(dir.resolve("absent"))).isInstanceOf(SnapdockException.class)
                .hasMessageContaining("cannot be read");
    }
}
