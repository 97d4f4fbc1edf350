package io.snapdock.config;

import io.snapdock.SnapdockException;

import java.util.Set;
import java.util.TreeSet;

/**
 * The replica's view of the configuration: {@code snapdock.replica} is its location, and each
 * {@code snapdock.replica.s3.X} set stands in for {@code snapdock.s3.X} (unset: the primary's
 * {@code snapdock.s3.X} applies). The S3 settings are then read from the view exactly as for the
 * primary, so every S3 option, present or future, works for the replica too.
 */
public final class ReplicaConfig {

    public static final String LOCATION = "snapdock.replica";
    static final String REPLICA_S3 = "snapdock.replica.s3.";
    static final String S3 = "snapdock.s3.";
    /** Always overlaid, even when application.properties does not list them. */
    private static final Set<String> KNOWN = Set.of("endpoint", "region", "access-key", "secret-key", "path-style",
            "part-size-mb");

    private ReplicaConfig() {
    }

    /** The replica's location ({@code file:…} or {@code s3://…}), or null when there is none. */
    public static String location(SnapdockConfig config) {
        return config.get(LOCATION);
    }

    /** Checks the replica's settings (nothing connects): a location other than the primary's, a known verify mode (its
     * location and S3 settings are checked by the backend, {@code Repositories.check}, at start-up). */
    public static void check(SnapdockConfig config) {
        String location = location(config);
        if (location == null) {
            return;
        }
        if (location.equals(config.get("snapdock.repository"))) {
            throw SnapdockException.badInput("invalid configuration snapdock.replica=" + location
                    + ": it is the primary repository itself (snapdock.repository); a replica is another location");
        }
        String verify = config.require("snapdock.replica.verify");
        if (!verify.equals("copy") && !readBack(config)) {
            throw SnapdockException.badInput(
                    "invalid configuration snapdock.replica.verify=" + verify + ": expected copy or read-back");
        }
    }

    /** snapdock.replica.verify=read-back: every copied pack read back from the replica and hashed again. */
    public static boolean readBack(SnapdockConfig config) {
        return "read-back".equals(config.get("snapdock.replica.verify"));
    }

    /** {@code config} with every {@code snapdock.replica.s3.X} that is set copied onto {@code snapdock.s3.X}. */
    public static SnapdockConfig view(SnapdockConfig config) {
        Set<String> names = new TreeSet<>(KNOWN);
        for (Object k : config.resolved().keySet()) {
            String key = (String) k;
            if (key.startsWith(REPLICA_S3)) {
                names.add(key.substring(REPLICA_S3.length()));
            } else if (key.startsWith(S3)) {
                names.add(key.substring(S3.length()));
            }
        }
        SnapdockConfig view = config;
        for (String name : names) {
            String value = config.get(REPLICA_S3 + name);
            if (value != null) {
                Secrets.register("secret-key".equals(name) ? value : null);
                view = view.with(S3 + name, value);
            }
        }
        return view;
    }
}
