package io.snapdock.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small disk that really fills: a tmpfs of a few MiB mounted on a folder ({@code mount -t tmpfs
 * -o size=…}), which needs root (the suite runs as root, scripts/test.sh). Where it cannot be
 * mounted, the test using it fails, saying why: never skipped, never passed without the fault.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code mib} MiB on {@code folder} (created when missing). */
    public static SmallDisk mount(Path folder, int mib) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=1777", "tmpfs",
                folder.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            throw new IllegalStateException("cannot mount a tmpfs on " + folder + " (needs root): " + out.strip());
        }
        return new SmallDisk(folder);
    }

    public Path path() {
        return mountPoint;
    }

    /** Free bytes on it now. */
    public long free() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
