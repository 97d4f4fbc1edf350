package io.snapdock.repo.snapshot;

import io.snapdock.SnapdockException;
import io.snapdock.repo.backend.FileRepository;
import io.snapdock.repo.backend.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The repository lock on a real folder: shared locks coexist, the exclusive one is alone, stale ones are ignored. */
class RepositoryLockTest {

    private static final RepositoryLock.Settings NO_WAIT = new RepositoryLock.Settings(Duration.ofMinutes(30),
            Duration.ZERO);

    @TempDir
    Path dir;

    @Test
    void sharedLocksCoexistAndKeepTheExclusiveOneOut() throws Exception {
        Repository repo = new FileRepository(dir);
        try (RepositoryLock one = RepositoryLock.shared(repo, "backup", NO_WAIT);
             RepositoryLock two = RepositoryLock.shared(repo, "backup", NO_WAIT)) {
            assertThat(repo.children(RepositoryLock.ROOT)).hasSize(2);
            assertThatThrownBy(() -> RepositoryLock.exclusive(repo, "prune", NO_WAIT))
                    .isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("is locked by a shared lock of a backup")
                    .satisfies(e -> assertThat(((SnapdockException) e).exitCode()).as("CLI exit code").isEqualTo(3));
            assertThat(repo.children(RepositoryLock.ROOT)).as("the refused taker withdrew its file").hasSize(2);
        }
        assertThat(repo.children(RepositoryLock.ROOT)).isEmpty();
        try (RepositoryLock gc = RepositoryLock.exclusive(repo, "prune", NO_WAIT)) {
            assertThatThrownBy(() -> RepositoryLock.shared(repo, "backup", NO_WAIT))
                    .hasMessageContaining("is locked by an exclusive lock of a prune");
        }
    }

    @Test
    void theExclusiveLockWaitsForASharedOneToGo() throws Exception {
        Repository repo = new FileRepository(dir);
        RepositoryLock backup = RepositoryLock.shared(repo, "backup", NO_WAIT);
        CompletableFuture<RepositoryLock> prune = CompletableFuture
                .supplyAsync(() -> RepositoryLock.exclusive(repo, "prune",
                        new RepositoryLock.Settings(Duration.ofMinutes(30), Duration.ofSeconds(60))));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !prune.isDone());
        backup.close();
        RepositoryLock held = prune.get(30, TimeUnit.SECONDS);
        assertThat(repo.children(RepositoryLock.ROOT))
                .containsExactly(held.key().substring(RepositoryLock.ROOT.length()));
        held.close();
    }

    @Test
    void aStaleLockIsIgnoredAndAHeldOneIsRefreshed() throws Exception {
        Repository repo = new FileRepository(dir);
        String old = Instant.now().minus(Duration.ofMinutes(31)).toString();
        repo.put(RepositoryLock.ROOT + "dead.json",
                ("{\"pid\":1,\"host\":\"gone\",\"kind\":\"backup\",\"exclusive\":false,"
                        + "\"created\":\"" + old + "\",\"refreshed\":\"" + old + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        try (RepositoryLock gc = RepositoryLock.exclusive(repo, "prune", NO_WAIT)) {
            assertThat(gc.key()).startsWith(RepositoryLock.ROOT);
        }
        // Held with a stale time of 4 s: refreshed every second, so never judged stale by another taker.
        RepositoryLock.Settings quick = new RepositoryLock.Settings(Duration.ofSeconds(4), Duration.ZERO);
        try (RepositoryLock backup = RepositoryLock.shared(repo, "backup", quick)) {
            String first = new String(repo.open(backup.key()).readAllBytes(), StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(10)).until(() -> !new String(repo.open(backup.key()).readAllBytes(),
                    StandardCharsets.UTF_8).equals(first));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> {
                try (RepositoryLock ignored = RepositoryLock.exclusive(repo, "prune", quick)) {
                    return false;
                } catch (SnapdockException refused) {
                    return true;
                }
            });
        }
    }
}
