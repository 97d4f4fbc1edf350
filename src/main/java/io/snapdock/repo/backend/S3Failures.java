package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** How a failed S3 request is told: one line naming the operation, bucket and key, never a secret. */
final class S3Failures {

    private final S3Settings settings;

    S3Failures(S3Settings settings) {
        this.settings = settings;
    }

    String full(String key) {
        return settings.prefix() + Keys.check(key);
    }

    /** Turns an SDK failure into one line naming the operation, bucket and key, never a secret. */
    SnapdockException fail(String op, String key, SdkException e) {
        String where = where(op, key);
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : null;
            if (status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return SnapdockException.unavailable(where + " was refused: access denied (" + code + ", HTTP " + status
                        + "); check snapdock.s3.access-key and snapdock.s3.secret-key", null);
            }
            if ("NoSuchBucket".equals(code) || (status == 404 && key == null)) {
                return SnapdockException
                        .unavailable(where + " failed: bucket '" + settings.bucket() + "' does not exist"
                                + " (create it, or set snapdock.s3.create-bucket=true)", null);
            }
            return SnapdockException.unavailable(where + " failed: " + code + " (HTTP " + status + ")", null);
        }
        Throwable unreachable = connectFailure(e);
        if (unreachable != null) {
            String why = unreachable instanceof UnknownHostException
                    ? "unknown host " + unreachable.getMessage() : unreachable.getMessage();
            return SnapdockException.unavailable(where + " failed: the S3 endpoint is unreachable ("
                    + Secrets.redact(firstLine(why)) + ")", null);
        }
        String msg = e instanceof SdkClientException && e.getCause() != null ? e.getCause().getMessage()
                : e.getMessage();
        return SnapdockException.unavailable(
                where + " failed: " + Secrets.redact(firstLine(msg)) + " (is the S3 endpoint reachable?)", null);
    }

    /** "S3 OP s3://BUCKET/KEY (ENDPOINT)": what a message or log line about one request starts with. */
    String where(String op, String key) {
        return "S3 " + op + " s3://" + settings.bucket() + "/" + (key == null ? settings.prefix() : full(key))
                + (settings.endpoint() != null ? " (" + settings.endpoint() + ")" : "");
    }

    /** The cause that shows no connection could be made at all (refused, no route, unknown host, connect timeout), or null. */
    private static Throwable connectFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException || c instanceof ConnectTimeoutException) {
                return c;
            }
        }
        return null;
    }

    static boolean noSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
