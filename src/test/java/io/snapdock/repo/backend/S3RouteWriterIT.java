package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.testsupport.S3ProxyServer;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link S3Repository} writing through the route s3-put (camel-aws2-s3) against S3Proxy: the
 * objects round-trip, one exchange each; an object of a part or more is a multipart upload in
 * parts of the configured size; packs alone get the storage class; a refused write names the
 * operation, bucket and key and never the secret.
 */
class S3RouteWriterIT {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    private static S3ProxyServer s3;
    private static Main main;
    private static CamelContext camel;
    /** The storage class header each exchange handed the aws2-s3 endpoint, by key ("-": none). */
    private static final Map<String, String> storageClasses = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket("route");
        main = new Main();
        Properties props = new Properties();
        props.setProperty("camel.main.routes-include-pattern",
                "classpath:routes/errors.camel.yaml,classpath:routes/s3.camel.yaml");
        main.setOverrideProperties(props);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy()
                        .addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
                            @Override
                            public void notify(org.apache.camel.spi.CamelEvent event) {
                                var sending = (org.apache.camel.spi.CamelEvent.ExchangeSendingEvent) event;
                                if (sending.getEndpoint().getEndpointUri().startsWith("aws2-s3:")) {
                                    var in = sending.getExchange().getIn();
                                    storageClasses.put(
                                            in.getHeader(org.apache.camel.component.aws2.s3.AWS2S3Constants.KEY,
                                                    String.class),
                                            in.getHeader(
                                                    org.apache.camel.component.aws2.s3.AWS2S3Constants.STORAGE_CLASS,
                                                    "-", String.class));
                                }
                            }

                            @Override
                            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                                return event instanceof org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
                            }
                        });
            }
        });
        main.start();
        camel = main.getCamelContext();
    }

    @AfterAll
    static void stop() throws Exception {
        if (main != null) {
            main.stop();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    private static Repository open(String prefix, Map<String, String> overrides) throws Exception {
        Properties p = new Properties();
        p.put("snapdock.s3.endpoint", s3.endpoint());
        p.put("snapdock.s3.access-key", s3.accessKey());
        p.put("snapdock.s3.secret-key", s3.secretKey());
        p.put("snapdock.s3.part-size-mb", "5");
        p.putAll(overrides);
        Path file = Files.createTempFile(dir, "snapdock-", ".properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return Repositories.open("s3://route/" + prefix, SnapdockConfig.load(file, Map.of()),
                new RouteObjectWriters(camel));
    }

    private static long completed() throws Exception {
        ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("s3-put");
        return route.getExchangesCompleted();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void objectsGoThroughTheRouteOneExchangeEachWithMultipartFromOnePartUp() throws Exception {
        byte[] small = "{\"stamp\":\"20260407T060000Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] onePart = random(5 * MIB, 1);
        byte[] threeParts = random(12 * MIB + 7, 2);
        long before = completed();
        try (Repository repo = open("a", Map.of("snapdock.s3.storage-class", "STANDARD_IA"))) {
            repo.put("snapshots/20260407T060000Z/manifest.json", small);
            repo.put("data/aa/aa-one", onePart);
            repo.put("data/bb/bb-three", threeParts);
            repo.put("snapshots/empty", new byte[0]);
            try (Repository.PendingObject out = repo.create("snapshots/streamed")) {
                out.write(small);   // smaller than a part: sent whole at commit, through the route
                out.commit();
            }
            assertThat(completed() - before).isEqualTo(5);
            for (var e : Map.of("snapshots/20260407T060000Z/manifest.json", small, "data/aa/aa-one", onePart,
                    "data/bb/bb-three", threeParts, "snapshots/empty", new byte[0], "snapshots/streamed", small)
                    .entrySet()) {
                try (InputStream in = repo.open(e.getKey())) {
                    assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
        // A multipart ETag ends with -N, N the number of parts (of 5 MiB here).
        assertThat(s3.head("route", "a/data/aa/aa-one").eTag()).matches("\"?[0-9a-f]+-1\"?");
        assertThat(s3.head("route", "a/data/bb/bb-three").eTag()).matches("\"?[0-9a-f]+-3\"?");
        assertThat(s3.head("route", "a/snapshots/20260407T060000Z/manifest.json").eTag()).doesNotContain("-");
        // The storage class goes to the component for packs alone (S3Proxy does not keep it to be read back).
        assertThat(storageClasses).containsEntry("a/data/aa/aa-one", "STANDARD_IA")
                .containsEntry("a/data/bb/bb-three", "STANDARD_IA")
                .containsEntry("a/snapshots/20260407T060000Z/manifest.json", "-")
                .containsEntry("a/snapshots/streamed", "-");
        assertThat(s3.pendingUploads("route")).isEmpty();
    }

    @Test
    void aRefusedWriteNamesTheOperationBucketAndKeyWithoutTheSecret() throws Exception {
        String wrong = "not-the-secret-9d8c7b";
        try (Repository repo = open("b", Map.of("snapdock.s3.secret-key", wrong, "snapdock.s3.max-attempts", "1"))) {
            SnapdockException small = catchThrowableOfType(SnapdockException.class,
                    () -> repo.put("snapshots/x/manifest.json", new byte[]{1}));
            assertThat(small.getMessage()).contains("S3 put s3://route/b/snapshots/x/manifest.json")
                    .contains("access denied").doesNotContain(wrong);
            SnapdockException big = catchThrowableOfType(SnapdockException.class,
                    () -> repo.put("data/cc/cc-big", new byte[6 * MIB]));
            // S3Proxy may close the connection on a refused part before the client has read its 403
            // (a broken pipe): what matters is that the failure names the write, not the secret.
            assertThat(big.getMessage()).contains("S3 multipart upload of s3://route/b/data/cc/cc-big")
                    .doesNotContain(wrong);
        }
        assertThat(s3.keys("route")).noneMatch(k -> k.startsWith("b/"));
    }
}
