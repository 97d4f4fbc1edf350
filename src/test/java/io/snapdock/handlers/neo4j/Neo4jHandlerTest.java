package io.snapdock.handlers.neo4j;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command lines only: no Neo4j server runs here (see the class comment of Neo4jHandler). */
class Neo4jHandlerTest {

    @Test
    void dumpStreamsOneDatabaseToStdout() {
        assertThat(Neo4jCommands.dumpCommand("neo4j"))
                .containsExactly("neo4j-admin", "database", "dump", "neo4j", "--to-stdout");
    }

    @Test
    void loadReadsStdinAndReplacesTheDatabase() {
        assertThat(Neo4jCommands.loadCommand("movies"))
                .containsExactly("neo4j-admin", "database", "load", "movies", "--from-stdin",
                        "--overwrite-destination=true");
        assertThat(Neo4jCommands.versionCommand()).containsExactly("neo4j-admin", "--version");
    }

    @Test
    void databasesDefaultToNeo4jAndSystem() {
        assertThat(Neo4jCommands.databases(null)).containsExactly("neo4j", "system");
        assertThat(Neo4jCommands.databases(" ")).containsExactly("neo4j", "system");
        assertThat(Neo4jCommands.databases("movies, system,movies,my-db.v2")).containsExactly("movies", "system",
                "my-db.v2");
    }

    @Test
    void aDatabaseNameCannotBecomeAnOption() {
        for (String bad : new String[]{"--to-path=/tmp", "-h", "a b", "x;rm", "../x", "a".repeat(64)}) {
            assertThatThrownBy(() -> Neo4jCommands.databases(bad)).as(bad).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("invalid Neo4j database name");
        }
        assertThatThrownBy(() -> Neo4jCommands.databases(",,")).isInstanceOf(SnapdockException.class);
    }

    @Test
    void systemIsLoadedFirst() {
        assertThat(Neo4jCommands.loadOrder(List.of("neo4j", "movies", "system"))).containsExactly("system", "neo4j",
                "movies");
        assertThat(Neo4jCommands.loadOrder(List.of("neo4j"))).containsExactly("neo4j");
    }

    @Test
    void artifactNamesAreFileSafe() {
        assertThat(Neo4jCommands.artifactName("neo4j")).isEqualTo("db-neo4j.dump");
        assertThat(Neo4jCommands.artifactName("system")).isEqualTo("db-system.dump");
    }

    @Test
    void dumpMagicIsChecked() throws Exception {
        assertThat(Neo4jDumpFormat.dumpProblem("DZV1\u0028\u00b5".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        assertThat(Neo4jDumpFormat.dumpProblem("DGV1....".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        assertThat(Neo4jDumpFormat.dumpProblem("PGDMP".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("not a Neo4j 5 dump");
        assertThat(Neo4jDumpFormat.dumpProblem(new byte[2])).contains("only 2 bytes");

        ValidationReport r = new ValidationReport("s");
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-neo4j.dump";
        ByteArrayInputStream in = new ByteArrayInputStream(
                "INFO starting...".repeat(1000).getBytes(StandardCharsets.UTF_8));
        new Neo4jHandler().check(null, "graph", a, in, r);
        assertThat(in.available()).isZero();
        assertThat(r.codes()).containsExactly("dump_unreadable");
    }

    @Test
    void stopModeIsItsOwnDumpNotTheFolderCopy() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        Neo4jHandler h = (Neo4jHandler) r.get("neo4j");
        assertThat(h.defaultMode()).isEqualTo("stop");
        assertThat(h.dumpsWhileStopped()).isTrue();
        assertThat(h.execUser()).isEqualTo("neo4j");
        assertThat(r.forMethod("neo4j", "stop")).isSameAs(h);
    }
}
