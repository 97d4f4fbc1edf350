package io.snapdock.repo.backend;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;

/** The S3 client of a repository, built from its {@code snapdock.s3.*} settings: one per repository. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client build(S3Settings settings) {
        // The SDK's own checksum defaults (CRC32 on every request since 2.30) break MinIO, Ceph and
        // older servers: "when-required" sends one only where an operation demands it.
        RequestChecksumCalculation requestChecksums = settings.checksumAlways()
                ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED;
        ResponseChecksumValidation responseChecksums = settings.checksumAlways()
                ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED;
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(requestChecksums)
                .responseChecksumValidation(responseChecksums)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200),
                                        Duration.ofSeconds(10)))
                                .throttlingBackoffStrategy(
                                        BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                                // A backup retries every request it needs: no client-wide budget cutting retries short.
                                .circuitBreakerEnabled(false)
                                .build())
                        .build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .maxConnections(Math.max(50, settings.uploadConcurrency() * 4)))
                .credentialsProvider(settings.accessKey() != null
                        ? StaticCredentialsProvider
                                .create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        return b.build();
    }
}
