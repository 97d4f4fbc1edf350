package io.snapdock.testsupport;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.time.Duration;
import java.util.Map;

/** The project's app test image (docker/test-images/app): a data folder /data on a volume, sqlite3. */
public final class AppContainer {

    public static final String IMAGE = "snapdock-test/app:latest";

    private AppContainer() {
    }

    public static GenericContainer<?> create(Map<String, String> labels) {
        return LocalImage.container(IMAGE)
                .withLabels(labels)
                .waitingFor(Wait.forLogMessage(".*app ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /** Runs a shell command as the app user; fails the test when it fails. */
    public static String sh(GenericContainer<?> c, String script) throws Exception {
        Container.ExecResult r = c.execInContainer("su", "app", "-s", "/bin/sh", "-c", script);
        if (r.getExitCode() != 0) {
            throw new AssertionError("in " + c.getContainerName() + ": " + script + " -> " + r.getStderr());
        }
        return r.getStdout();
    }

    /** Every file and folder under /data with owner, mode, size and content hash. */
    public static String tree(GenericContainer<?> c) throws Exception {
        Container.ExecResult r = c.execInContainer("sh", "-c",
                "cd /data && find . -mindepth 1 | sort | while read f; do "
                        + "printf '%s %s ' \"$f\" \"$(stat -c '%U:%G %a %s' \"$f\")\"; "
                        + "if [ -f \"$f\" ]; then sha256sum < \"$f\" | cut -c1-16; else echo dir; fi; done");
        return r.getStdout();
    }
}
