package io.snapdock.routes;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What routes/backup.camel.yaml guarantees, whatever the steps do: a store's containers are
 * started again whatever its dump does; the manifest is written after every store's copy, never
 * listing a store whose upload failed, and never when the run fails before it.
 */
class BackupRoutesTest extends RouteTestSupport {

    @Override
    protected List<String> routeFiles() {
        return List.of("backup", "validate", "replica", "errors");
    }

    @Test
    void aStoppedContainerIsStartedWhateverTheDumpDoes() {
        when("beginBackupRun", Stores.begin("backup", null, "db"));
        when("dumpStore", failing("the dump broke", 1));
        template.send("direct:backup-store", e -> e.getMessage().setBody(Stores.spec("db")));
        assertThat(stepsOf("db")).containsExactly("stopStore", "dumpStore", "startStore", "recordStoreFailure",
                "discardStaging");
    }

    @Test
    void aContainerIsStartedEvenWhenItsStopFailsHalfWay() {
        when("stopStore", failing("docker stop timed out", 1));
        template.send("direct:backup-store", e -> e.getMessage().setBody(Stores.spec("db")));
        assertThat(stepsOf("db")).containsExactly("stopStore", "startStore", "recordStoreFailure", "discardStaging");
    }

    @Test
    void theManifestIsWrittenLastAndNeverListsAStoreWhoseUploadFailed() {
        when("beginBackupRun", Stores.begin("backup", null, "a", "b", "c"));
        when("uploadStaged", e -> {
            if ("b".equals(e.getMessage().getBody(io.snapdock.model.StoreSpec.class).name())) {
                throw new IllegalStateException("S3 went away");
            }
        });
        Exchange done = template.send("direct:backup", e -> {
        });
        assertThat(done.getException()).isNull();
        assertThat(stepsOf("b")).contains("uploadStaged", "startStore", "recordStoreFailure")
                .doesNotContain("recordStoreEntry");
        assertThat(stepsOf("a")).contains("recordStoreEntry");
        int manifest = steps.indexOf("writeManifest");
        assertThat(manifest).isPositive();
        for (String store : List.of("a", "b", "c")) {
            assertThat(steps.subList(manifest, steps.size())).noneMatch(s -> s.endsWith(":" + store));
        }
        assertThat(steps.subList(manifest, steps.size())).containsSubsequence("writeManifest", "validateSnapshot",
                "replicateSnapshot", "finishRun", "discardUnfinishedSnapshot", "unlockRepository", "endRun");
    }

    @Test
    void aRunThatFailsBeforeItsManifestWritesNoneAndCleansUp() {
        when("beginBackupRun", Stores.begin("backup", null, "a"));
        when("checkRepository", failing("bucket unreachable", 1));
        Exchange done = template.send("direct:backup", e -> {
        });
        assertThat(done.getException()).hasMessageContaining("bucket unreachable");
        assertThat(steps).doesNotContain("reserveSnapshot", "writeManifest").containsSubsequence("beginBackupRun",
                "checkRepository", "discardUnfinishedSnapshot", "unlockRepository", "endRun");
    }
}
