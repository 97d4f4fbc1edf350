package io.snapdock.repo;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.config.SnapdockConfig;

import java.net.URI;

/** The {@code snapdock.s3.*} settings plus the bucket and prefix of an {@code s3://} location. */
public record S3Settings(String bucket, String prefix, URI endpoint, String region,
                         String accessKey, String secretKey, boolean pathStyle, int partSizeBytes) {

    public static S3Settings from(String location, SnapdockConfig config) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw SnapdockException.badInput("invalid configuration snapdock.repository=" + location + ": '" + bucket + "' is not a valid bucket name");
        }
        if (!prefix.isEmpty()) {
            prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            Keys.check(prefix);
        }
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
                throw SnapdockException.badInput("invalid configuration snapdock.s3.endpoint=" + ep + ": expected http(s)://host[:port]");
            }
        }
        String accessKey = config.get("snapdock.s3.access-key");
        String secretKey = config.get("snapdock.s3.secret-key");
        if ((accessKey == null) != (secretKey == null)) {
            throw SnapdockException.badInput("snapdock.s3.access-key and snapdock.s3.secret-key must be set together");
        }
        Secrets.register(secretKey);
        int partMb = config.getInt("snapdock.s3.part-size-mb", 16, 5, 512);
        return new S3Settings(bucket, prefix, endpoint, config.get("snapdock.s3.region", "us-east-1"),
                accessKey, secretKey, config.getBoolean("snapdock.s3.path-style", true), partMb * 1024 * 1024);
    }

    /** No secret in it. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix + (endpoint != null ? " at " + endpoint : "");
    }
}
