package io.snapdock.repo.backend;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The listings of an S3 repository: keys below a prefix, page after page, relative to the repository's prefix. */
final class S3Listing {

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Failures failures;

    S3Listing(S3Client s3, S3Settings settings, S3Failures failures) {
        this.s3 = s3;
        this.settings = settings;
        this.failures = failures;
    }

    List<String> children(String prefix) {
        String p = prefix.isEmpty() ? settings.prefix() : failures.full(prefix);
        List<String> out = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(p).delimiter("/").build())) {
                page.commonPrefixes().forEach(cp -> out.add(stripSlash(cp.prefix().substring(p.length()))));
                page.contents().forEach(o -> out.add(o.key().substring(p.length())));
            }
        } catch (SdkException e) {
            throw failures.fail("list", prefix, e);
        }
        out.sort(null);
        return out;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        eachObject(prefix, o -> out.add(o.key().substring(settings.prefix().length())));
        return out;
    }

    Map<String, String> versions(String prefix) {
        Map<String, String> out = new TreeMap<>();
        eachObject(prefix, o -> out.put(o.key().substring(settings.prefix().length()), o.size() + "@" + o.eTag()));
        return out;
    }

    /** Every object below {@code prefix}, recursively, page after page. */
    private void eachObject(String prefix, Consumer<S3Object> each) {
        String p = prefix.isEmpty() ? settings.prefix() : failures.full(prefix);
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(p).build())) {
                page.contents().forEach(each);
            }
        } catch (SdkException e) {
            throw failures.fail("list", prefix, e);
        }
    }
}
