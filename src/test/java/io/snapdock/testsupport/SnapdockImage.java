package io.snapdock.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Snapdock's own image, built from docker/Dockerfile with the packaged jar, the way an operator
 * builds it. Docker's layer cache keeps the Debian packages, so after the first build only the jar
 * layer is redone.
 */
public final class SnapdockImage {

    public static final String TAG = "snapdock:it";
    private static boolean built;

    private SnapdockImage() {
    }

    public static synchronized String build() throws IOException, InterruptedException {
        if (built) {
            return TAG;
        }
        Path root = SnapdockProcess.jar().toAbsolutePath().getParent().getParent();
        Path log = Files.createTempFile("snapdock-image", ".log");
        Process p = new ProcessBuilder(
                List.of("docker", "build", "--network", "host", "-f", "docker/Dockerfile", "-t", TAG, "."))
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker build of " + TAG + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "docker build of " + TAG + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Files.deleteIfExists(log);
        built = true;
        return TAG;
    }

    /** The group that owns the engine's socket: the container's user needs it to reach Docker. */
    public static String socketGroup() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
    }
}
