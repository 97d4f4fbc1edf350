package io.snapdock.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar ({@code target/snapdock.jar}) run as its own process, the way an operator runs it. */
public final class SnapdockProcess {

    private SnapdockProcess() {
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("snapdock.jar", "target/snapdock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged jar is missing: " + jar + " (run mvn package first)");
        }
        return jar;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command to completion (at most 5 minutes). */
    public static Cli.Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("snapdock " + String.join(" ", args) + " did not finish");
        }
        return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts a long-running command ({@code serve}); its output goes to {@code log}. */
    public static Process start(Path workDir, Path log, String... args) throws IOException {
        return start(workDir, log, java.util.Map.of(), args);
    }

    /** The same, with extra environment variables (e.g. {@code SNAPDOCK_AUTH_TOKENS_…}). */
    public static Process start(Path workDir, Path log, java.util.Map<String, String> env,
                                String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
