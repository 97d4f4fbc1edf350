package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;

import java.nio.file.Path;

/** Opens the repository named by {@code snapdock.repository}. */
public final class Repositories {

    private Repositories() {
    }

    public static Repository open(SnapdockConfig config) {
        return open(config, null);
    }

    /** {@code writes}: how an S3 repository sends its objects (the route s3-put); null: with the SDK directly. */
    public static Repository open(SnapdockConfig config, ObjectWriter.Factory writes) {
        return open(config.require("snapdock.repository"), config, writes);
    }

    public static Repository open(String location, SnapdockConfig config) {
        return open(location, config, null);
    }

    public static Repository open(String location, SnapdockConfig config, ObjectWriter.Factory writes) {
        return build(location, config, true, writes);
    }

    /** Checks {@code location} and its settings as {@link #open} would, without building a client. */
    public static void check(String location, SnapdockConfig config) {
        build(location, config, false, null);
    }

    private static Repository build(String location, SnapdockConfig config, boolean open, ObjectWriter.Factory writes) {
        if (location.startsWith("file:")) {
            String path = location.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw SnapdockException
                        .badInput("invalid configuration snapdock.repository=" + location + ": no folder given");
            }
            Path root = Path.of(path);
            return open ? new FileRepository(root) : null;
        }
        if (location.startsWith("s3://")) {
            S3Settings settings = S3Settings.from(location, config);
            return open ? new S3Repository(settings, writes) : null;
        }
        throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location
                + ": expected file:PATH or s3://BUCKET/PREFIX");
    }
}
