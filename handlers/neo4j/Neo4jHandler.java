package io.snapdock.handlers.neo4j;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.neo4j.Neo4jCommands.*;
import static io.snapdock.handlers.neo4j.Neo4jDumpFormat.*;

/**
 * Neo4j 5, stop mode: {@code neo4j-admin database dump <db> --to-stdout} for each database
 * (option {@code databases}, default {@code neo4j,system}), run while the store's container is
 * stopped in a throw-away sibling container with the same image and volumes (Community Edition
 * cannot dump a running database), streamed into {@code db-<name>.dump}. The tools run as the
 * {@code neo4j} OS user (or {@code exec-user}), as neo4j-admin requires.
 *
 * <p>Restore, with the container stopped: each database currently there is dumped aside to a
 * local file (same command), then {@code neo4j-admin database load <db> --from-stdin
 * --overwrite-destination=true} reads the artifact, {@code system} first. If a load fails, the
 * databases already replaced are loaded back from their copies. The container is started in
 * every case.
 *
 * <p>Check: the dump's format magic ({@code DZV1}: zstd, {@code DGV1}: gzip — Neo4j 5's dump
 * formats).
 *
 * <p><b>Not exercised against a real Neo4j here</b> (no Neo4j image can be built in this
 * environment): the command lines are unit-tested ({@code Neo4jHandlerTest}) and the sibling
 * streaming they use (stdout out, stdin in with EOF) is exercised with the app test image
 * ({@code SiblingStreamIT}); whether neo4j-admin of a given 5.x release accepts exactly these
 * arguments, keeps stdout free of log lines, and what a real dump's first bytes are, was not
 * verified. The sibling runs the image's neo4j-admin with the image's configuration: settings
 * the container gets only from {@code NEO4J_*} environment variables (applied by the image's
 * entrypoint, which the sibling does not run) are not seen — keep the default data folder
 * ({@code /data}) or mount the configuration folder as a volume.
 *
 * <p>The command lines are in {@link Neo4jCommands}, the dump check in {@link Neo4jDumpFormat}.
 */
public final class Neo4jHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Neo4jHandler.class);
    static final String KIND = "database";

    @Override
    public String type() {
        return "neo4j";
    }

    @Override
    public String defaultMode() {
        return "stop";
    }

    @Override
    public String execUser() {
        return "neo4j";
    }

    @Override
    public boolean dumpsWhileStopped() {
        return true;
    }

    // ---- helpers ----------------------------------------------------------------------

    private static DockerGateway docker(StoreContext ctx) {
        return ctx.requireDocker("must run in a container: neo4j-admin runs"
                + " in a sibling container with its volumes");
    }

    private static String user(StoreContext ctx) {
        return ctx.spec().option("exec-user", "neo4j");
    }

    private static String image(StoreContext ctx) {
        return docker(ctx).inspect(ctx.spec().container()).getConfig().getImage();
    }

    /** Runs one sibling whose stdout goes to {@code out}; fails with its stderr on a non-zero exit. */
    private static void dumpTo(StoreContext ctx, String image, String db, OutputStream out) throws IOException {
        try (RunningCommand cmd = docker(ctx).startSibling(image, ctx.spec().container(), dumpCommand(db), Map.of(),
                user(ctx), false)) {
            cmd.stdout().transferTo(out);
            cmd.awaitSuccess("neo4j-admin database dump " + db + " of " + ctx.spec().name(), ctx.timeout());
        }
    }

    private static void loadFrom(StoreContext ctx, String image, String db, InputStream in) throws IOException {
        try (RunningCommand cmd = docker(ctx).startSibling(image, ctx.spec().container(), loadCommand(db), Map.of(),
                user(ctx), true)) {
            Commands.Pump out = Commands.Pump.start(cmd.stdout());
            try (OutputStream stdin = cmd.stdin()) {
                in.transferTo(stdin);
            }
            cmd.awaitSuccess("neo4j-admin database load " + db + " into " + ctx.spec().name(), ctx.timeout());
            out.text();
        }
    }

    // ---- probe / backup ---------------------------------------------------------------

    /** The container exists and, while it runs, holds neo4j-admin. */
    @Override
    public void probe(StoreContext ctx) throws IOException {
        DockerGateway docker = docker(ctx);
        if (docker.isRunning(ctx.spec().container())) {
            Commands.capture(ctx.runner(), "neo4j-admin --version in " + ctx.spec().name(), versionCommand(), Map.of(),
                    Duration.ofMinutes(2));
        }
    }

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        DockerGateway docker = docker(ctx);
        if (docker.isRunning(ctx.spec().container())) {
            throw SnapdockException
                    .badInput("store " + ctx.spec().name() + " is running: neo4j-admin database dump needs"
                            + " it stopped (snapdock.mode=stop, the default for neo4j)");
        }
        List<String> dbs = databases(ctx.spec().option("databases", null));
        String image = image(ctx);
        try (RunningCommand v = docker.startSibling(image, ctx.spec().container(), versionCommand(), Map.of(),
                user(ctx),
                false)) {
            String version = new String(v.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
            v.awaitSuccess("neo4j-admin --version", Duration.ofMinutes(2));
            ctx.entry().serverVersion = version;
            ctx.entry().tool = "neo4j-admin " + version + " database dump --to-stdout (sibling container)";
        }
        for (String db : dbs) {
            Manifest.Artifact a = new Manifest.Artifact();
            a.name = artifactName(db);
            a.kind = KIND;
            a.database = db;
            a.format = "neo4j-dump";
            try (ArtifactOutput out = sink.open(a)) {
                dumpTo(ctx, image, db, out);
                ctx.entry().artifacts.add(out.commit());
            }
        }
    }

    // ---- check ------------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        byte[] head = data.readNBytes(4);
        data.transferTo(OutputStream.nullOutputStream());
        String problem = dumpProblem(head);
        if (problem != null) {
            report.add("dump_unreadable", store, artifact.name, problem);
        }
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx);
        String image = image(ctx);
        Map<String, Manifest.Artifact> byDb = new LinkedHashMap<>();
        for (Manifest.Artifact a : entry.artifacts) {
            if (KIND.equals(a.kind)) {
                databases(a.database);   // a name from the manifest is checked like a configured one
                byDb.put(a.database, a);
            }
        }
        if (byDb.isEmpty()) {
            throw SnapdockException.failed("snapshot entry of " + entry.name + " holds no Neo4j dump");
        }
        List<String> order = loadOrder(new ArrayList<>(byDb.keySet()));
        Path work = Files.createTempDirectory("snapdock-neo4j-restore-");
        Map<String, Path> aside = new LinkedHashMap<>();
        List<String> touched = new ArrayList<>();
        try {
            new ContainerSwap(ctx, ContainerSwap.containersToStop(ctx, docker), "the previous databases",
                    new ContainerSwap.Steps() {
                        @Override
                        public void takeAside() {
                            for (String db : order) {
                                Path file = work.resolve(artifactName(db));
                                try (OutputStream out = Files.newOutputStream(file)) {
                                    dumpTo(ctx, image, db, out);
                                    aside.put(db, file);
                                } catch (IOException | RuntimeException e) {
                                    // A database that is not there yet has nothing to keep.
                                    LOG.warn("No copy of the current database {} of {} kept aside: {}", db,
                                            ctx.spec().name(),
                                            e.getMessage());
                                }
                            }
                        }

                        @Override
                        public void putInPlace() throws IOException {
                            for (String db : order) {
                                touched.add(db);
                                try (InputStream in = source.open(byDb.get(db))) {
                                    loadFrom(ctx, image, db, in);
                                }
                            }
                        }

                        @Override
                        public boolean putBack(Exception cause) {
                            boolean back = true;
                            for (String db : touched) {
                                Path copy = aside.get(db);
                                if (copy == null) {
                                    continue;
                                }
                                try (InputStream in = Files.newInputStream(copy)) {
                                    loadFrom(ctx, image, db, in);
                                } catch (IOException | RuntimeException e) {
                                    back = false;
                                    cause.addSuppressed(SnapdockException.failed("loading the previous database " + db
                                            + " back failed too: " + e.getMessage()));
                                }
                            }
                            return back;
                        }
                    }).run();
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(work);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
