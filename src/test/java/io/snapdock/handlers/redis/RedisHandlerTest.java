package io.snapdock.handlers.redis;

import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.volume.VolumeHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RedisHandlerTest {

    /** dump.rdb written by redis-server 7.0.15 (Debian bookworm) after SET a 1: RDB 10, checksum 0x4438aa3078bee240. */
    static final byte[] REDIS_7_DUMP = HexFormat.of().parseHex(
            "524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040fa056374696d65c2bb45026b"
                    + "fa08757365642d6d656dc2a8550e00fa08616f662d62617365c000fe00fb0100000161c001ff40e2be7830aa3844");

    @TempDir
    Path dir;

    static long crc64(byte[] b) {
        return RdbFormat.Crc64.update(0, b, 0, b.length);
    }

    static RdbFormat.RdbVerifier.Problem verify(byte[] data) {
        RdbFormat.RdbVerifier v = new RdbFormat.RdbVerifier();
        v.write(data, 0, data.length);
        return v.finish();
    }

    /** An RDB file: header, body, EOF opcode, then the CRC-64 (little-endian) of all that, or {@code crc}. */
    static byte[] rdb(String header, byte[] body, Long crc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(0xff);
        long c = crc != null ? crc : crc64(out.toByteArray());
        for (int i = 0; i < 8; i++) {
            out.write((int) (c >>> (8 * i)) & 0xff);
        }
        return out.toByteArray();
    }

    @Test
    void crc64IsRedisCrc64Jones() {
        assertThat(crc64("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
        assertThat(crc64(new byte[0])).isZero();
        // the same value fed in pieces
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        long c = RdbFormat.Crc64.update(0, b, 0, 4);
        assertThat(RdbFormat.Crc64.update(c, b, 4, 5)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void aDumpWrittenByRedisIsAccepted() {
        assertThat(verify(REDIS_7_DUMP)).isNull();
        byte[] body = Arrays.copyOf(REDIS_7_DUMP, REDIS_7_DUMP.length - 8);
        assertThat(crc64(body)).isEqualTo(0x4438aa3078bee240L);
    }

    @Test
    void theResultDoesNotDependOnHowTheStreamIsCut() {
        Random random = new Random(42);
        byte[] body = new byte[100_000];
        random.nextBytes(body);
        byte[] file = rdb("REDIS0011", body, null);
        for (int chunk : new int[]{1, 3, 7, 8, 9, 4096, file.length}) {
            RdbFormat.RdbVerifier v = new RdbFormat.RdbVerifier();
            for (int off = 0; off < file.length; off += chunk) {
                v.write(file, off, Math.min(chunk, file.length - off));
            }
            assertThat(v.finish()).as("chunks of %d", chunk).isNull();
        }
        RdbFormat.RdbVerifier v = new RdbFormat.RdbVerifier();
        for (int off = 0; off < file.length;) {
            int n = Math.min(1 + random.nextInt(20), file.length - off);
            v.write(file, off, n);
            off += n;
        }
        assertThat(v.finish()).isNull();
    }

    @Test
    void aFlippedByteAnywhereBeforeTheTrailerIsAChecksumMismatch() {
        for (int pos : new int[]{0 + 9, 50, REDIS_7_DUMP.length - 10}) {
            byte[] bad = REDIS_7_DUMP.clone();
            bad[pos] ^= 0x01;
            assertThat(verify(bad)).as("flip at %d", pos).isNotNull()
                    .extracting(RdbFormat.RdbVerifier.Problem::code).isEqualTo("rdb_checksum_mismatch");
        }
        byte[] badTrailer = REDIS_7_DUMP.clone();
        badTrailer[badTrailer.length - 1] ^= 0x40;
        assertThat(verify(badTrailer).code()).isEqualTo("rdb_checksum_mismatch");
    }

    @Test
    void headerAndTruncationProblemsAreUnreadable() {
        assertThat(verify(new byte[0]).code()).isEqualTo("rdb_unreadable");
        assertThat(verify("REDIS".getBytes(StandardCharsets.US_ASCII)).code()).isEqualTo("rdb_unreadable");
        assertThat(verify("PGDMP0123456789abcdefgh".getBytes(StandardCharsets.US_ASCII)).code())
                .isEqualTo("rdb_unreadable");
        assertThat(verify(rdb("REDISX011", new byte[10], null)).code()).isEqualTo("rdb_unreadable");
        // cut anywhere: the end-of-file opcode is no longer where the trailer begins
        assertThat(verify(Arrays.copyOf(REDIS_7_DUMP, REDIS_7_DUMP.length - 1)).code()).isEqualTo("rdb_unreadable");
        assertThat(verify(Arrays.copyOf(REDIS_7_DUMP, 60)).code()).isIn("rdb_unreadable", "rdb_checksum_mismatch");
        assertThat(verify(Arrays.copyOf(REDIS_7_DUMP, 12)).code()).isEqualTo("rdb_unreadable");
    }

    @Test
    void aZeroChecksumMeansChecksumsAreOffAndOldVersionsHaveNone() {
        assertThat(verify(rdb("REDIS0011", new byte[]{1, 2, 3}, 0L))).isNull();
        assertThat(verify(rdb("REDIS0011", new byte[]{1, 2, 3}, 12345L)).code()).isEqualTo("rdb_checksum_mismatch");
        byte[] v4 = new byte[]{'R', 'E', 'D', 'I', 'S', '0', '0', '0', '4', (byte) 0xfe, 0, (byte) 0xff};
        assertThat(verify(v4)).isNull();
        assertThat(verify(Arrays.copyOf(v4, v4.length - 1)).code()).isEqualTo("rdb_unreadable");
    }

    @Test
    void valkeyHeadersAreRdbHeadersToo() {
        RdbFormat.RdbVerifier v = new RdbFormat.RdbVerifier();
        byte[] file = rdb("VALKEY080", new byte[]{(byte) 0xfe, 0}, null);
        v.write(file, 0, file.length);
        assertThat(v.version()).isEqualTo(80);
        assertThat(v.finish()).isNull();
        RdbFormat.RdbVerifier r = new RdbFormat.RdbVerifier();
        r.write(REDIS_7_DUMP, 0, REDIS_7_DUMP.length);
        assertThat(r.version()).isEqualTo(10);
    }

    @Test
    void checkReportsNamedErrorsAndReadsToTheEnd() throws IOException {
        RedisHandler h = new RedisHandler();
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "dump.rdb";
        a.kind = "rdb";

        ValidationReport ok = new ValidationReport("s");
        InputStream in = new ByteArrayInputStream(REDIS_7_DUMP);
        h.check(null, "cache", a, in, ok);
        assertThat(ok.errors).isEmpty();
        assertThat(in.read()).isEqualTo(-1);

        byte[] bad = REDIS_7_DUMP.clone();
        bad[40] ^= 0x20;
        ValidationReport mismatch = new ValidationReport("s");
        h.check(null, "cache", a, new ByteArrayInputStream(bad), mismatch);
        assertThat(mismatch.codes()).containsExactly("rdb_checksum_mismatch");
        assertThat(mismatch.errors.get(0).artifact).isEqualTo("dump.rdb");

        ValidationReport garbage = new ValidationReport("s");
        h.check(null, "cache", a, new ByteArrayInputStream("hello world, no rdb".getBytes(StandardCharsets.UTF_8)),
                garbage);
        assertThat(garbage.codes()).containsExactly("rdb_unreadable");
    }

    @Test
    void thePasswordGoesInTheEnvironmentNeverInArguments() {
        StoreSpec spec = new StoreSpec("cache", "redis", "online", "c0ffee", "cache-1", "img", null, null, null,
                "s3cret-pw", Map.of(), "labels");
        var argv = RedisCli.argv(spec, "redis-cli", java.util.List.of("PING"));
        assertThat(argv).containsExactly("redis-cli", "-h", "127.0.0.1", "-p", "6379", "PING");
        assertThat(String.join(" ", argv)).doesNotContain("s3cret-pw");
        assertThat(RedisCli.env(spec)).containsExactly(Map.entry("REDISCLI_AUTH", "s3cret-pw"));

        StoreSpec other = new StoreSpec("cache", "valkey", "online", "c0ffee", "cache-1", "img", null, 6380, "backup",
                null, Map.of(), "labels");
        assertThat(RedisCli.argv(other, "valkey-cli", java.util.List.of("INFO", "server")))
                .containsExactly("valkey-cli", "-h", "127.0.0.1", "-p", "6380", "--user", "backup", "INFO", "server");
        assertThat(RedisCli.env(other)).isEmpty();
    }

    @Test
    void repliesAreParsed() {
        Map<String, String> info = RedisCli.parseInfo("# Keyspace\ndb0:keys=2000,expires=50,avg_ttl=0\n"
                + "db1:keys=7,expires=0,avg_ttl=0\n\n# Persistence\nrdb_saves:3\nrdb_last_bgsave_status:ok\n");
        assertThat(RedisCli.keyCount(info)).isEqualTo(2007);
        assertThat(info).containsEntry("rdb_saves", "3").containsEntry("rdb_last_bgsave_status", "ok");
        assertThat(RedisCli.keyCount(RedisCli.parseInfo("# Keyspace\n"))).isZero();

        assertThat(RedisCli.isErrorReply("ERR unknown command 'FOO', with args beginning with:")).isTrue();
        assertThat(RedisCli.isErrorReply("NOAUTH Authentication required.")).isTrue();
        assertThat(RedisCli.isErrorReply("WRONGPASS invalid username-password pair")).isTrue();
        assertThat(RedisCli.isErrorReply("LOADING Redis is loading the dataset in memory")).isTrue();
        assertThat(RedisCli.isErrorReply("PONG")).isFalse();
        assertThat(RedisCli.isErrorReply("Background saving started")).isFalse();
        assertThat(RedisCli.isErrorReply("dir\n/data")).isFalse();
        assertThat(RedisCli.isErrorReply("# Server\nredis_version:7.0.15")).isFalse();
        assertThat(RedisCli.isErrorReply("1795310845")).isFalse();

        assertThat(RedisHandler.serverVersion(Map.of("redis_version", "7.0.15"))).isEqualTo("7.0.15");
        assertThat(RedisHandler.serverVersion(Map.of("redis_version", "7.2.4", "valkey_version", "8.0.1")))
                .isEqualTo("valkey 8.0.1");
    }

    @Test
    void theKeyCountComesBackFromTheArtifact() {
        Manifest.Artifact a = new Manifest.Artifact();
        assertThat(RedisHandler.expectedKeys(a)).isEqualTo(-1);
        a.database = "keys=2042";
        assertThat(RedisHandler.expectedKeys(a)).isEqualTo(2042);
    }

    @Test
    void pathsAndManifestNames() {
        assertThat(RedisFiles.rdbPath("/data", "dump.rdb")).isEqualTo("/data/dump.rdb");
        assertThat(RedisFiles.rdbPath("/data/", "dump.rdb")).isEqualTo("/data/dump.rdb");
        assertThat(RedisFiles.rdbPath("/data", "/elsewhere/x.rdb")).isEqualTo("/elsewhere/x.rdb");
        assertThat(RedisFiles.parent("/data/dump.rdb")).isEqualTo("/data");
        assertThat(RedisFiles.parent("/dump.rdb")).isEqualTo("/");
        assertThat(RedisFiles.aofManifest("appendonly.aof.1.base.rdb"))
                .isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n");
        assertThat(RedisFiles.manifestName("my aof.1.base.rdb")).isEqualTo("\"my aof.1.base.rdb\"");
        assertThat(RedisFiles.manifestName("a\"b")).isEqualTo("\"a\\\"b\"");

        var v7 = new RedisFiles.Settings("/data", "dump.rdb", true, "appendonlydir", "appendonly.aof");
        assertThat(v7.aofPath()).isEqualTo("/data/appendonlydir");
        var v6 = new RedisFiles.Settings("/var/lib/redis", "dump.rdb", true, null, "appendonly.aof");
        assertThat(v6.aofPath()).isEqualTo("/var/lib/redis/appendonly.aof");
    }

    @Test
    void theRestoreTarHoldsTheRdbAndANewAofWhoseOnlyBaseIsThatRdb() throws IOException {
        Path rdb = dir.resolve("in.rdb");
        Files.write(rdb, REDIS_7_DUMP);
        RedisFiles.Owner owner = new RedisFiles.Owner(101, 102, 0640);

        Path tar = dir.resolve("aof.tar");
        RedisFiles.writeTar(tar, rdb, new RedisFiles.Settings("/data", "dump.rdb", true, "appendonlydir",
                "appendonly.aof"), owner);
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> content = new LinkedHashMap<>();
        read(tar, entries, content);
        assertThat(entries).containsOnlyKeys("dump.rdb", "appendonlydir/", "appendonlydir/appendonly.aof.1.base.rdb",
                "appendonlydir/appendonly.aof.manifest");
        assertThat(content.get("dump.rdb")).isEqualTo(REDIS_7_DUMP);
        assertThat(content.get("appendonlydir/appendonly.aof.1.base.rdb")).isEqualTo(REDIS_7_DUMP);
        assertThat(new String(content.get("appendonlydir/appendonly.aof.manifest"), StandardCharsets.UTF_8))
                .isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n");
        assertThat(entries.get("dump.rdb").getMode() & 07777).isEqualTo(0640);
        assertThat(entries.get("appendonlydir/").isDirectory()).isTrue();
        for (TarArchiveEntry e : entries.values()) {
            assertThat(e.getLongUserId()).as(e.getName()).isEqualTo(101);
            assertThat(e.getLongGroupId()).as(e.getName()).isEqualTo(102);
        }

        Path off = dir.resolve("rdb-only.tar");
        RedisFiles.writeTar(off, rdb, new RedisFiles.Settings("/data", "cache.rdb", false, "appendonlydir",
                "appendonly.aof"), owner);
        entries.clear();
        content.clear();
        read(off, entries, content);
        assertThat(entries).containsOnlyKeys("cache.rdb");

        Path old = dir.resolve("redis6.tar");
        RedisFiles.writeTar(old, rdb, new RedisFiles.Settings("/data", "dump.rdb", true, null, "appendonly.aof"),
                owner);
        entries.clear();
        content.clear();
        read(old, entries, content);
        assertThat(entries).containsOnlyKeys("dump.rdb", "appendonly.aof");
        assertThat(content.get("appendonly.aof")).isEqualTo(REDIS_7_DUMP);
    }

    private static void read(Path tar, Map<String, TarArchiveEntry> entries,
                             Map<String, byte[]> content) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                content.put(e.getName(), in.readAllBytes());
            }
        }
    }

    @Test
    void registeredUnderRedisAndValkeyOnlineByDefault() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        assertThat(r.get("redis")).isSameAs(r.get("valkey")).isInstanceOf(RedisHandler.class);
        assertThat(r.get("redis").defaultMode()).isEqualTo("online");
        assertThat(r.forMethod("redis", "stop")).isInstanceOf(VolumeHandler.class);
    }
}
