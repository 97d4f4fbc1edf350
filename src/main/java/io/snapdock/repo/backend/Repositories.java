package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;

import java.nio.file.Path;

/** Opens the repository named by {@code snapdock.repository}. */
public final class Repositories {

    private Repositories() {
    }

    public static Repository open(SnapdockConfig config) {
        return open(config.require("snapdock.repository"), config);
    }

    public static Repository open(String location, SnapdockConfig config) {
        return build(location, config, true);
    }

    /** Checks {@code location} and its settings as {@link #open} would, without building a client. */
    public static void check(String location, SnapdockConfig config) {
        build(location, config, false);
    }

    private static Repository build(String location, SnapdockConfig config, boolean open) {
        if (location.startsWith("file:")) {
            String path = location.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location + ": no folder given");
            }
            Path root = Path.of(path);
            return open ? new FileRepository(root) : null;
        }
        if (location.startsWith("s3://")) {
            S3Settings settings = S3Settings.from(location, config);
            return open ? new S3Repository(settings) : null;
        }
        throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location
                + ": expected file:PATH or s3://BUCKET/PREFIX");
    }
}
