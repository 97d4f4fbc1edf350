package io.snapdock.repo;

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
        if (location.startsWith("file:")) {
            String path = location.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location + ": no folder given");
            }
            return new FileRepository(Path.of(path));
        }
        if (location.startsWith("s3://")) {
            return new S3Repository(S3Settings.from(location, config));
        }
        throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location
                + ": expected file:PATH or s3://BUCKET/PREFIX");
    }
}
