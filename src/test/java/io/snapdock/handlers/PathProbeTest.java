package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shell script that tells a missing, an empty and a full path apart, run here by the local sh. */
class PathProbeTest {

    static PathProbe.State probe(Path path) throws Exception {
        List<String> argv = new ArrayList<>(PathProbe.command(path.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return PathProbe.parse(out, path.toString());
    }

    @Test
    void missingEmptyAndFullFoldersAndFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(probe(dir.resolve("nope"))).isEqualTo(PathProbe.State.MISSING);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(probe(empty)).isEqualTo(PathProbe.State.EMPTY);
        Path hidden = Files.createDirectory(dir.resolve("hidden"));
        Files.writeString(hidden.resolve(".chroma"), "");
        assertThat(probe(hidden)).as("a hidden entry counts").isEqualTo(PathProbe.State.NOT_EMPTY);
        Path dots = Files.createDirectory(dir.resolve("dots"));
        Files.createDirectory(dots.resolve("..x"));
        assertThat(probe(dots)).isEqualTo(PathProbe.State.NOT_EMPTY);
        assertThat(probe(Files.writeString(dir.resolve("zero.db"), ""))).isEqualTo(PathProbe.State.EMPTY);
        assertThat(probe(Files.writeString(dir.resolve("notes.db"), "SQLite format 3")))
                .isEqualTo(PathProbe.State.NOT_EMPTY);
        Path odd = dir.resolve("a 'quoted' $(name)");
        Files.createDirectory(odd);
        assertThat(probe(odd)).isEqualTo(PathProbe.State.EMPTY);
    }

    @Test
    void anAnswerItCannotReadIsAnError() {
        assertThatThrownBy(() -> PathProbe.parse("sh: 1: cd: can't cd", "/data"))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("/data");
    }
}
