package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.Cli;
import io.snapdock.testsupport.ContainerFaults;
import io.snapdock.testsupport.Docker;
import io.snapdock.testsupport.FaultStores;
import io.snapdock.testsupport.FaultStores.Fixture;
import io.snapdock.testsupport.LogCapture;
import io.snapdock.testsupport.RepoFiles;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix, per store type (docs/operations.md, "Faults"): a store restarted or killed in
 * the middle of its backup (rows a, b) and of its restore (c, d), Snapdock killed with SIGKILL
 * in the middle of a restore (h), and a pack damaged in the middle of a restore (i, PostgreSQL).
 * One container per store type, shared by every cell, one folder repository, one snapshot every
 * restore goes back to. "In the middle" is seen, not timed: the store's tool in its container's
 * process list, its container stopped by the restore, or Snapdock's log line for a stream.
 *
 * <p>Every cell ends with the same three checks: every container runs (a killed one is started
 * again the way its restart policy would), no snapshot is listed as restorable that was not
 * complete and valid, and the store holds either its data before the operation or the
 * snapshot's, compared in full (never empty or partial). What each cell ended with is printed as
 * {@code fault-matrix ROW STORE: OUTCOME}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreFaultsIT {

    static final String PROJECT = "it-faults-" + UUID.randomUUID().toString().substring(0, 8);

    enum Store {
        POSTGRES, MARIADB, REDIS, NATS, SQLITE, VOLUME
    }

    @TempDir
    static Path dir;

    static final Map<Store, Fixture> stores = new EnumMap<>(Store.class);
    static final Map<Store, Object> atBackup = new EnumMap<>(Store.class);
    static Path config;
    static Path repo;
    static String stamp;

    @BeforeAll
    static void start() throws Exception {
        Map<Store, CompletableFuture<Fixture>> starting = new EnumMap<>(Store.class);
        starting.put(Store.POSTGRES, async(() -> FaultStores.postgres(PROJECT)));
        starting.put(Store.MARIADB, async(() -> FaultStores.mariadb(PROJECT)));
        starting.put(Store.REDIS, async(() -> FaultStores.redis(PROJECT)));
        starting.put(Store.NATS, async(() -> FaultStores.nats(PROJECT)));
        starting.put(Store.SQLITE, async(() -> FaultStores.sqlite(PROJECT)));
        starting.put(Store.VOLUME, async(() -> FaultStores.volume(PROJECT)));
        for (Map.Entry<Store, CompletableFuture<Fixture>> e : starting.entrySet()) {
            stores.put(e.getKey(), e.getValue().get(5, TimeUnit.MINUTES));
        }
        repo = dir.resolve("repository");
        config = dir.resolve("snapdock.properties");
        Files.writeString(config, String.join("\n",
                "snapdock.repository=file:" + repo,
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.start.timeout-seconds=60",
                "snapdock.stop.timeout-seconds=10", ""));
        Cli.Result b = Cli.run("backup", "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        stamp = b.lastLine();
        for (Store s : Store.values()) {
            atBackup.put(s, stores.get(s).fingerprint());
        }
    }

    interface Starter {
        Fixture start() throws Exception;
    }

    static CompletableFuture<Fixture> async(Starter s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        stores.values().forEach(Fixture::close);
    }

    // ---- rows -------------------------------------------------------------------------

    @Order(1)
    @ParameterizedTest(name = "a. {0} restarted mid-backup")
    @EnumSource(Store.class)
    void a_storeRestartedMidBackup(Store s) throws Exception {
        backupCell("a", s, ContainerFaults::restart);
    }

    /** A folder is copied while its container is stopped: nothing runs that a kill could hit. */
    @Order(2)
    @ParameterizedTest(name = "b. {0} killed mid-backup")
    @EnumSource(value = Store.class, names = "VOLUME", mode = EnumSource.Mode.EXCLUDE)
    void b_storeKilledMidBackup(Store s) throws Exception {
        backupCell("b", s, ContainerFaults::killAndStartAgain);
    }

    /** PostgreSQL: RestoreSafetyIT.aStoreRestartedDuringItsRestoreIsRolledBackNotLeftEmpty. */
    @Order(3)
    @ParameterizedTest(name = "c. {0} restarted mid-restore")
    @EnumSource(value = Store.class, names = "POSTGRES", mode = EnumSource.Mode.EXCLUDE)
    void c_storeRestartedMidRestore(Store s) throws Exception {
        restoreCell("c", s, false, ContainerFaults::restart);
    }

    /**
     * A folder's container is stopped for the whole swap and its restore ends as soon as it runs
     * again (there is no server to wait for): no moment in between where a kill lands.
     */
    @Order(4)
    @ParameterizedTest(name = "d. {0} killed mid-restore, started again")
    @EnumSource(value = Store.class, names = "VOLUME", mode = EnumSource.Mode.EXCLUDE)
    void d_storeKilledMidRestore(Store s) throws Exception {
        // A store whose restore stops its container is killed once the restore has started it
        // again (before that it is stopped: there is nothing to kill).
        restoreCell("d", s, stores.get(s).restoreStopsContainer(), ContainerFaults::killAndStartAgain);
    }

    /** Redis: RestoreCrashIT.aSnapdockKilledMidRestoreIsRolledBackAtItsNextStart. */
    @Order(5)
    @ParameterizedTest(name = "h. Snapdock killed mid-restore of {0}")
    @EnumSource(value = Store.class, names = "REDIS", mode = EnumSource.Mode.EXCLUDE)
    void h_snapdockKilledMidRestore(Store s) throws Exception {
        Fixture f = stores.get(s);
        f.change();
        Object before = f.fingerprint();
        Set<String> restorable = restorable();
        Path log = dir.resolve("killed-" + f.name() + ".log");
        Process p = SnapdockProcess.start(dir, log, "restore", stamp, "--store", f.name(), "--config",
                config.toString());
        BooleanSupplier restoring = restoring(f, () -> read(log), false);
        await("the restore of " + f.name() + " under way").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(10)).until(() -> !p.isAlive() || restoring.getAsBoolean());
        assertThat(p.isAlive()).as(read(log)).isTrue();
        p.destroyForcibly();   // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // The next start of Snapdock (any command) starts what it stopped and rolls the store back.
        Cli.Result next = Cli.run("list", "--safety", "--json", "--config", config.toString());
        assertThat(next.exit()).as(next.toString()).isZero();
        JsonNode latest = ServiceHttp.JSON.readTree(next.out()).get(0);
        assertThat(latest.path("stores").toString()).as(next.toString()).contains(f.name());
        assertThat(latest.path("outcome").asText()).as(next + "\n" + read(log)).isEqualTo("rolled-back");
        assertEveryStoreRunsAndAnswers();
        Object after = fingerprint(f);
        String outcome = "rolled back at the next start";
        if (!after.equals(before) && f.withoutKnownLeftovers(after).equals(before)) {
            // MariaDB: killed during the users pass, the role admin lent to the restoring account stays (as in d).
            after = f.withoutKnownLeftovers(after);
            outcome = "rolled back at the next start, with a known leftover grant";
        }
        assertThat(after).isEqualTo(before);
        assertThat(restorable()).isEqualTo(restorable);
        report("h", s, outcome);
    }

    @Test
    @Order(6)
    void i_aPackDamagedInTheMiddleOfARestoreIsRolledBack() throws Exception {
        Fixture f = stores.get(Store.POSTGRES);
        f.change();   // database shop differs from every earlier snapshot: its dump is a chunk of its own
        Cli.Result b = Cli.run("backup", "--store", f.name(), "--config", config.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        String damagedStamp = b.lastLine();
        f.change();   // and the safety snapshot's copy of shop is another chunk again
        Object before = f.fingerprint();

        String[] pack = new String[1];
        Cli.Result r = duringRun(() -> Cli.run("restore", damagedStamp, "--store", f.name(), "--config",
                config.toString()), log -> restoring(f, log, false), () -> {
                    // analytics-db is being loaded; shop (restored after it) is now damaged in its pack.
                    try {
                        pack[0] = new RepoFiles(repo).damage(damagedStamp, f.name(), "db-shop.dump");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains(f.name() + " rolled-back");
        assertEveryStoreRunsAndAnswers();
        assertThat(fingerprint(f)).isEqualTo(before);
        assertThat(safetyOutcome()).isEqualTo("rolled-back");
        Cli.Result v = Cli.run("validate", damagedStamp, "--config", config.toString());
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out()).contains("pack_damaged", pack[0]);
        report("i", Store.POSTGRES, "rolled back; the snapshot then validates as invalid (pack_damaged)");
    }

    // ---- one cell ---------------------------------------------------------------------

    void backupCell(String row, Store s, Consumer<String> fault) throws Exception {
        Fixture f = stores.get(s);
        Object before = f.fingerprint();
        Set<String> restorable = restorable();
        Cli.Result r = duringRun(() -> Cli.run("backup", "--store", f.name(), "--config", config.toString()),
                log -> () -> f.backingUp(ContainerFaults.processes(f.containerId()), log.get()),
                () -> fault.accept(f.containerId()));

        assertEveryStoreRunsAndAnswers();
        assertThat(fingerprint(f)).as("a backup changes nothing in the store").isEqualTo(before);
        Set<String> now = restorable();
        String outcome;
        if (r.exit() == 0) {
            String made = r.lastLine();
            Set<String> expected = new HashSet<>(restorable);
            expected.add(made);
            assertThat(now).isEqualTo(expected);
            Cli.Result v = Cli.run("validate", made, "--config", config.toString());
            assertThat(v.exit()).as("a snapshot listed as restorable is valid: " + v).isZero();
            outcome = "backed up (valid), store running";
        } else {
            assertThat(now).as("nothing new restorable: " + r).isEqualTo(restorable);
            outcome = "backup failed, store running, nothing listed (" + firstLine(r.err()) + ")";
        }
        report(row, s, outcome);
    }

    void restoreCell(String row, Store s, boolean once, Consumer<String> fault) throws Exception {
        Fixture f = stores.get(s);
        f.change();
        Object before = f.fingerprint();
        assertThat(before).isNotEqualTo(atBackup.get(s));
        Set<String> restorable = restorable();
        Cli.Result r = duringRun(() -> Cli.run("restore", stamp, "--store", f.name(), "--config", config.toString()),
                log -> restoring(f, log, once), () -> fault.accept(f.containerId()));

        String outcome;
        if (r.exit() == 0) {
            assertThat(r.out()).contains(f.name() + " succeeded");
            assertEveryStoreRunsAndAnswers();
            assertThat(fingerprint(f)).as("restored: the snapshot's content").isEqualTo(atBackup.get(s));
            assertThat(safetyOutcome()).isEqualTo("confirmed");
            outcome = "restored";
        } else if (r.out().contains(f.name() + " rollback-pending")) {
            // The rollback could not finish; the next start of Snapdock completes it.
            Cli.Result next = Cli.run("list", "--config", config.toString());
            assertThat(next.exit()).as(next.toString()).isZero();
            assertEveryStoreRunsAndAnswers();
            assertThat(fingerprint(f)).as("rolled back at the next start: " + r).isEqualTo(before);
            assertThat(safetyOutcome()).isEqualTo("rolled-back");
            outcome = "rollback pending in the run (" + firstLine(r.err()) + "), rolled back at the next start";
        } else {
            assertThat(r.out()).as(r.toString()).contains(f.name() + " rolled-back");
            assertEveryStoreRunsAndAnswers();
            Object after = fingerprint(f);
            outcome = "rolled back";
            if (!after.equals(before) && f.withoutKnownLeftovers(after).equals(before)) {
                // MariaDB killed during the users pass: the role admin lent to the restoring account stays.
                after = f.withoutKnownLeftovers(after);
                outcome = "rolled back, with a known leftover grant";
            }
            assertThat(after).as("rolled back: the content before the restore").isEqualTo(before);
            assertThat(safetyOutcome()).isEqualTo("rolled-back");
        }
        assertThat(restorable()).isEqualTo(restorable);
        report(row, s, outcome);
    }

    /**
     * Runs {@code run} in the background; once {@code middle} (given the log so far) says the
     * operation is under way, and while it still runs, {@code fault} is injected; returns the
     * run's result.
     */
    static Cli.Result duringRun(Supplier<Cli.Result> run,
                                java.util.function.Function<Supplier<String>, BooleanSupplier> middle,
                                Runnable fault) throws Exception {
        try (LogCapture log = LogCapture.start()) {
            BooleanSupplier inTheMiddle = middle.apply(log::text);
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(run);
            await("the operation under way").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                    .until(() -> running.isDone() || inTheMiddle.getAsBoolean());
            assertThat(running).as("the fault lands while the operation runs").isNotDone();
            fault.run();
            return running.get(5, TimeUnit.MINUTES);
        }
    }

    /**
     * The restore of {@code f} is under way: its line in the log, then the store's sign of its
     * restore; with {@code once}, the container stopped for the swap and started again.
     */
    static BooleanSupplier restoring(Fixture f, Supplier<String> log, boolean once) {
        boolean[] sawStopped = {false};
        String began = "Restoring " + f.name() + " from snapshot";
        return () -> {
            String text = log.get();
            if (!text.contains(began)) {
                return false;
            }
            String since = text.substring(text.indexOf(began));
            boolean restoring = f.restoring(ContainerFaults.processes(f.containerId()), since);
            if (!once) {
                return restoring;
            }
            sawStopped[0] |= restoring;
            return sawStopped[0] && Docker.running(f.containerId());
        };
    }

    // ---- what every cell ends with -----------------------------------------------------

    /** No container left stopped, and every store answers again. */
    static void assertEveryStoreRunsAndAnswers() throws Exception {
        for (Fixture f : stores.values()) {
            await(f.name() + " answers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(f::answers);
            assertThat(Docker.running(f.containerId())).as(f.name() + " runs").isTrue();
        }
        assertThat(Files.readString(dir.resolve("state/stopped-containers.json")).replaceAll("\\s", ""))
                .as("the stop journal is empty").isEqualTo("[]");
    }

    static Object fingerprint(Fixture f) {
        Object[] fp = new Object[1];
        await(f.name() + "'s content readable").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    fp[0] = f.fingerprint();
                    return true;
                });
        return fp[0];
    }

    /** The snapshots `list` shows as complete (restorable). */
    static Set<String> restorable() throws Exception {
        Cli.Result r = Cli.run("list", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode s : ServiceHttp.JSON.readTree(r.out())) {
            if (s.path("complete").asBoolean()) {
                out.add(s.path("stamp").asText());
            }
        }
        return out;
    }

    static String safetyOutcome() throws Exception {
        Cli.Result r = Cli.run("list", "--safety", "--json", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return ServiceHttp.JSON.readTree(r.out()).get(0).path("outcome").asText();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    static void report(String row, Store s, String outcome) {
        System.out.println("fault-matrix " + row + " " + s.name().toLowerCase() + ": " + outcome);
    }
}
