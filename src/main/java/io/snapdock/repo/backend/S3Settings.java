package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code snapdock.s3.*} settings plus the bucket and prefix of an {@code s3://} location.
 * Every value is checked here, so a bad one is refused at start naming its property.
 *
 * @param storageClass   the storage class of pack objects ({@code data/...}); null = the bucket's default
 * @param checksumAlways true: CRC checksums on every request that supports them (the SDK's default,
 *                       AWS); false: only where an operation requires one (what most non-AWS servers need)
 * @param maxAttempts    attempts per request (1 = no retry), with exponential backoff between them
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region,
        String accessKey, String secretKey, boolean pathStyle, int partSizeBytes,
        int uploadConcurrency, String storageClass, boolean checksumAlways,
        boolean createBucket, int maxAttempts, Duration connectTimeout, Duration readTimeout) {

    /** Classes whose objects cannot be read without a restore request first: a pack must always be readable. */
    private static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");
    /** What AWS and the common S3-compatible servers accept; an unknown name is almost always a typo. */
    private static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER_IR", "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE");

    public static S3Settings from(String location, SnapdockConfig config) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location + ": '" + bucket
                    + "' is not a valid bucket name");
        }
        if (!prefix.isEmpty()) {
            prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            Keys.check(prefix);
        }
        String accessKey = config.get("snapdock.s3.access-key");
        String secretKey = config.get("snapdock.s3.secret-key");
        if ((accessKey == null) != (secretKey == null)) {
            throw SnapdockException.badInput("snapdock.s3.access-key and snapdock.s3.secret-key must be set together");
        }
        Secrets.register(secretKey);
        Options o = options(config);
        return new S3Settings(bucket, prefix, o.endpoint, o.region, accessKey, secretKey, o.pathStyle,
                o.partMb * 1024 * 1024,
                o.concurrency, o.storageClass, o.checksumAlways, o.createBucket, o.maxAttempts,
                Duration.ofSeconds(o.connectSeconds), Duration.ofSeconds(o.readSeconds));
    }

    /** Checks every {@code snapdock.s3.*} value (at start, whatever the repository is), naming the bad one. */
    public static void validate(SnapdockConfig config) {
        options(config);
    }

    private record Options(URI endpoint, String region, boolean pathStyle, int partMb, int concurrency,
            String storageClass,
            boolean checksumAlways, boolean createBucket, int maxAttempts, int connectSeconds, int readSeconds) {
    }

    private static Options options(SnapdockConfig config) {
        URI endpoint = null;
        String ep = config.get("snapdock.s3.endpoint");
        if (ep != null) {
            try {
                endpoint = URI.create(ep);
            } catch (IllegalArgumentException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw SnapdockException.badInput(
                        "invalid configuration snapdock.s3.endpoint=" + ep + ": expected http(s)://host[:port]");
            }
        }
        String region = config.require("snapdock.s3.region");
        if (!region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw SnapdockException.badInput("invalid configuration snapdock.s3.region=" + region
                    + ": expected a region name such as us-east-1 (lower-case letters, digits, '-')");
        }
        String storageClass = config.require("snapdock.s3.storage-class").toUpperCase(Locale.ROOT);
        if (ARCHIVE_CLASSES.contains(storageClass)) {
            throw SnapdockException.badInput("invalid configuration snapdock.s3.storage-class=" + storageClass
                    + ": archive classes cannot be read without a restore request; use STANDARD_IA, GLACIER_IR or a lifecycle rule");
        }
        if (!STORAGE_CLASSES.contains(storageClass)) {
            throw SnapdockException.badInput("invalid configuration snapdock.s3.storage-class=" + storageClass
                    + ": expected one of " + String.join(", ", STORAGE_CLASSES.stream().sorted().toList()));
        }
        String checksum = config.require("snapdock.s3.checksum").toLowerCase(Locale.ROOT);
        if (!checksum.equals("when-required") && !checksum.equals("always")) {
            throw SnapdockException.badInput("invalid configuration snapdock.s3.checksum=" + checksum
                    + ": expected when-required or always");
        }
        return new Options(endpoint, region,
                config.flag("snapdock.s3.path-style"),
                config.integer("snapdock.s3.part-size-mb", 5, 512),
                config.integer("snapdock.s3.upload-concurrency", 1, 32),
                storageClass.equals("STANDARD") ? null : storageClass,
                checksum.equals("always"),
                config.flag("snapdock.s3.create-bucket"),
                config.integer("snapdock.s3.max-attempts", 1, 20),
                config.integer("snapdock.s3.connect-timeout-seconds", 1, 300),
                config.integer("snapdock.s3.read-timeout-seconds", 1, 3600));
    }

    /** The storage class of {@code key} (relative): packs get the configured one, everything else the bucket's default. */
    String storageClassOf(String key) {
        return key.startsWith(Keys.DATA) ? storageClass : null;
    }

    /** No secret in it. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix + (endpoint != null ? " at " + endpoint : "");
    }
}
