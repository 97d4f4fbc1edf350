package io.snapdock.handlers.nats;

import com.github.dockerjava.api.model.ContainerNetwork;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatsHandlerTest {

    static StoreSpec spec(String container, String host, Integer port, String user, String password,
                          Map<String, String> options) {
        return new StoreSpec("bus", "nats", "online", container, container == null ? null : "bus-1", null, host, port,
                user, password, options, "test");
    }

    // ---- connection -------------------------------------------------------------------

    @Test
    void serverUrlUsesTheConfiguredHostElseTheContainerAddressAndPort4222ByDefault() {
        assertThat(NatsApi.serverUrl(spec("c1", null, null, null, null, Map.of()), "172.17.0.3"))
                .isEqualTo("nats://172.17.0.3:4222");
        assertThat(NatsApi.serverUrl(spec("c1", null, 4333, null, null, Map.of()), "172.17.0.3"))
                .isEqualTo("nats://172.17.0.3:4333");
        assertThat(NatsApi.serverUrl(spec("c1", "nats.internal", null, null, null, Map.of()), "172.17.0.3"))
                .isEqualTo("nats://nats.internal:4222");
        assertThat(NatsApi.serverUrl(spec(null, "10.0.0.7", 14222, null, null, Map.of()), null))
                .isEqualTo("nats://10.0.0.7:14222");
        assertThat(NatsApi.serverUrl(spec("c1", null, null, null, null, Map.of()), "fd00::5"))
                .isEqualTo("nats://[fd00::5]:4222");
        assertThatThrownBy(() -> NatsApi.serverUrl(spec("c1", null, null, null, null, Map.of()), null))
                .isInstanceOf(SnapdockException.class).hasMessageContaining("snapdock.stores.bus.host");
    }

    @Test
    void credentialsAreUserAndPasswordOrATokenAndNeverPartOfTheUrl() {
        Options withUser = NatsApi.options(spec(null, "h", null, "app", "s3cret-pw", Map.of()), "nats://h:4222");
        assertThat(withUser.getUsernameChars()).containsExactly("app".toCharArray());
        assertThat(withUser.getPasswordChars()).containsExactly("s3cret-pw".toCharArray());
        assertThat(withUser.getServers().toString()).doesNotContain("s3cret-pw");
        assertThat(withUser.getMaxReconnect()).isZero();

        Options withToken = NatsApi.options(spec(null, "h", null, "app", "pw", Map.of("token", "tok-123")),
                "nats://h:4222");
        assertThat(withToken.getTokenChars()).containsExactly("tok-123".toCharArray());
        assertThat(withToken.getUsernameChars()).isNull();

        Options anonymous = NatsApi.options(spec(null, "h", null, null, null, Map.of()), "nats://h:4222");
        assertThat(anonymous.getUsernameChars()).isNull();
        assertThat(anonymous.getTokenChars()).isNull();
    }

    @Test
    void theContainerAddressIsTheFirstNetworksIpv4ThenIpv6ThenTheLegacyField() {
        Map<String, ContainerNetwork> nets = new LinkedHashMap<>();
        nets.put("a_net", new ContainerNetwork().withIpv4Address(""));
        nets.put("b_net", new ContainerNetwork().withIpv4Address("172.20.0.4"));
        nets.put("c_net", new ContainerNetwork().withIpv4Address("172.21.0.9"));
        assertThat(DockerGateway.firstAddress(nets, "172.17.0.2")).isEqualTo("172.20.0.4");
        Map<String, ContainerNetwork> v6 = new LinkedHashMap<>();
        v6.put("v6", new ContainerNetwork().withGlobalIPv6Address("fd00::5"));
        assertThat(DockerGateway.firstAddress(v6, null)).isEqualTo("fd00::5");
        assertThat(DockerGateway.firstAddress(Map.of(), "172.17.0.2")).isEqualTo("172.17.0.2");
        assertThat(DockerGateway.firstAddress(null, "")).isNull();
    }

    @Test
    void theRecordedToolVersionIsTheJnatsJarInUse() throws Exception {
        String jar = Nats.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).as("jnats is a jar of its own under surefire").endsWith(".jar");
        assertThat(jar.substring(jar.lastIndexOf('/') + 1)).isEqualTo("jnats-" + NatsHandler.JNATS_VERSION + ".jar");
    }

    @Test
    void nkeysStillSignWithDockerJavasBouncyCastle() throws Exception {
        // bcprov-lts8on is excluded from jnats: its Ed25519 classes come from bcprov-jdk18on.
        NKey user = NKey.createUser(new SecureRandom());
        byte[] sig = user.sign("nonce".getBytes(StandardCharsets.UTF_8));
        assertThat(user.verify("nonce".getBytes(StandardCharsets.UTF_8), sig)).isTrue();
    }

    // ---- the snapshot protocol ----------------------------------------------------------

    @Test
    void chunkIndexIsTheLastTokenOfTheAckSubject() {
        assertThat(StreamSnapshots.chunkIndex("$JS.SNAPSHOT.ACK.ORDERS.EMcE2e4qBL4tqfs9lkf9FK.131072.2")).isEqualTo(2);
        assertThat(StreamSnapshots.chunkIndex("$JS.SNAPSHOT.ACK.TINY.EMcE2e4qBL4tqfs9lkf99G.10.1")).isEqualTo(1);
        assertThat(StreamSnapshots.chunkIndex("_INBOX.abc")).isEqualTo(-1);
        assertThat(StreamSnapshots.chunkIndex("")).isEqualTo(-1);
    }

    @Test
    void theEndOfASnapshotIsAnErrorOnlyWithAnErrorStatus() {
        assertThat(StreamSnapshots.endProblem(0, null)).isNull();          // nats-server 2.9: no header
        assertThat(StreamSnapshots.endProblem(204, null)).isNull();        // later servers: 204 when complete
        assertThat(StreamSnapshots.endProblem(408, "No Flow Response")).isEqualTo("408 No Flow Response");
        assertThat(StreamSnapshots.endProblem(408, "No Interest")).isEqualTo("408 No Interest");
        assertThat(StreamSnapshots.endProblem(500, "")).isEqualTo("500");
    }

    @Test
    void apiErrorsBecomeOneLineNamingTheCall() {
        byte[] err = ("{\"type\":\"io.nats.jetstream.api.v1.stream_snapshot_response\",\"error\":{\"code\":500,"
                + "\"err_code\":10064,\"description\":\"snapshot failed: no impl\"}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NatsApi.apiAnswer(err, "snapshot of stream MEM"))
                .isInstanceOf(SnapdockException.class)
                .hasMessage("snapshot of stream MEM: snapshot failed: no impl (err_code 10064)");
        assertThatThrownBy(
                () -> NatsApi.apiAnswer("-ERR 'storage failure during restore'".getBytes(StandardCharsets.UTF_8), "x"))
                .hasMessageContaining("unexpected answer '-ERR 'storage failure during restore''");
        assertThat(NatsApi
                .apiAnswer("{\"deliver_subject\":\"$JS.SNAPSHOT.RESTORE.A.b\"}".getBytes(StandardCharsets.UTF_8), "x")
                .path("deliver_subject").asText()).isEqualTo("$JS.SNAPSHOT.RESTORE.A.b");
    }

    @Test
    void artifactNamesAreFileSafe() {
        assertThat(NatsHandler.artifactName("ORDERS")).isEqualTo("stream-ORDERS.snapshot");
        assertThat(NatsHandler.artifactName("KV_config")).isEqualTo("stream-KV_config.snapshot");
        assertThat(NatsHandler.artifactName("a/b")).isEqualTo("stream-a%2Fb.snapshot");
    }

    // ---- streams.json -------------------------------------------------------------------

    static final String STREAMS_JSON = """
            {"format": 1, "serverVersion": "2.9.10", "streams": [
              {"name": "ORDERS", "artifact": "stream-ORDERS.snapshot",
               "config": {"name": "ORDERS", "subjects": ["orders.>"], "storage": "file"},
               "state": {"messages": 3000, "bytes": 1, "first_seq": 1, "last_seq": 3000}, "changedDuringSnapshot": false},
              {"name": "LIVE", "artifact": "stream-LIVE.snapshot",
               "config": {"name": "LIVE", "subjects": ["live.>"]},
               "state": {"messages": 10, "first_seq": 1, "last_seq": 10}, "changedDuringSnapshot": true},
              {"name": "CACHE", "config": {"name": "CACHE", "storage": "memory"}, "state": {"messages": 5},
               "skipped": "memory storage"}
            ]}""";

    @Test
    void streamsJsonIsReadBack() {
        List<StreamsJson.StreamRecord> streams = StreamsJson
                .parseStreams(STREAMS_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(streams).extracting(StreamsJson.StreamRecord::name).containsExactly("ORDERS", "LIVE", "CACHE");
        assertThat(streams.get(0).messages()).isEqualTo(3000);
        assertThat(streams.get(0).artifact()).isEqualTo("stream-ORDERS.snapshot");
        assertThat(streams.get(0).config().path("subjects").get(0).asText()).isEqualTo("orders.>");
        assertThat(streams.get(1).changedDuringSnapshot()).isTrue();
        assertThat(streams.get(2).configOnly()).isTrue();
        assertThat(streams.get(2).artifact()).isNull();
    }

    @Test
    void aBrokenStreamsJsonIsNamed() {
        assertThatThrownBy(() -> StreamsJson.parseStreams("{nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> StreamsJson.parseStreams("{\"format\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("no streams list");
        assertThatThrownBy(() -> StreamsJson.parseStreams(
                "{\"streams\":[{\"name\":\"A\",\"config\":{},\"state\":{\"messages\":1}}]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("lacks its name, artifact, config or state");
        assertThatThrownBy(() -> StreamsJson.parseStreams(("{\"streams\":[{\"name\":\"A\",\"artifact\":\"x\","
                + "\"config\":{\"name\":\"B\"},\"state\":{\"messages\":1}}]}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("has the configuration of stream B");
    }

    @Test
    void restoredCountsMustMatchOrMayExceedOnlyForAStreamWrittenDuringItsSnapshot() {
        List<StreamsJson.StreamRecord> streams = StreamsJson
                .parseStreams(STREAMS_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(StreamsJson.countProblem(streams.get(0), 3000)).isNull();
        assertThat(StreamsJson.countProblem(streams.get(0), 3001))
                .isEqualTo("stream ORDERS holds 3001 messages after the restore, the snapshot recorded 3000");
        assertThat(StreamsJson.countProblem(streams.get(0), 2999)).isNotNull();
        assertThat(StreamsJson.countProblem(streams.get(1), 10)).isNull();
        assertThat(StreamsJson.countProblem(streams.get(1), 12)).isNull();
        assertThat(StreamsJson.countProblem(streams.get(1), 9)).isNotNull();
    }

    // ---- check: streams.json and snapshots -----------------------------------------------

    static ValidationReport check(String kind, String name, byte[] data) throws IOException {
        Manifest.Artifact a = new Manifest.Artifact();
        a.kind = kind;
        a.name = name;
        ValidationReport report = new ValidationReport("20260101T000000Z");
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        new NatsHandler().check(null, "bus", a, in, report);
        assertThat(in.available()).as("read to its end").isZero();
        return report;
    }

    @Test
    void checkAcceptsAGoodStreamsJsonAndNamesABadOne() throws IOException {
        assertThat(check("streams", "streams.json", STREAMS_JSON.getBytes(StandardCharsets.UTF_8)).errors).isEmpty();
        ValidationReport bad = check("streams", "streams.json", "[1, 2".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.codes()).containsExactly("streams_unreadable");
    }

    static byte[] tiny() throws IOException {
        try (InputStream in = NatsHandlerTest.class.getResourceAsStream("/nats/tiny-stream.snapshot")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRealSnapshotOfNatsServer29IsReadToTheEndOfItsTar() throws IOException {
        // Taken from nats-server 2.9.10: stream TINY, three messages (one with a header). It starts
        // with the S2 stream identifier, sent by the server as a chunk of its own, then one
        // compressed S2 chunk holding the whole tar.
        byte[] snap = tiny();
        assertThat(Arrays.copyOf(snap, 10)).isEqualTo(SnapshotFormat.STREAM_IDENTIFIER);
        List<String> names = new ArrayList<>();
        assertThat(SnapshotFormat.read(new ByteArrayInputStream(snap), names)).isNull();
        assertThat(names).containsExactly("meta.inf", "meta.sum", "msgs/1.idx", "msgs/1.fss", "msgs/1.blk");
        assertThat(check("stream", "stream-TINY.snapshot", snap).errors).isEmpty();
    }

    @Test
    void everyDamagedOrTruncatedVersionOfARealSnapshotIsCaught() throws IOException {
        byte[] snap = tiny();
        for (int cut = 0; cut < snap.length; cut++) {
            ValidationReport r = check("stream", "s", Arrays.copyOf(snap, cut));
            assertThat(r.codes()).as("cut at " + cut).containsExactly("snapshot_unreadable");
        }
        byte[] content = content(snap);
        int unchanged = 0;
        for (int pos = 0; pos < snap.length; pos++) {
            byte[] flipped = snap.clone();
            flipped[pos] ^= 0x10;
            ValidationReport r = check("stream", "s", flipped);
            if (r.errors.isEmpty()) {
                // A flip in a copy's offset inside a run of equal bytes (a tar header's zero padding)
                // can decode to the very same bytes: the snapshot still says the same (the repository's
                // SHA-256 catches the flip anyway).
                assertThat(content(flipped)).as("byte " + pos + " flipped").isEqualTo(content);
                unchanged++;
            } else {
                assertThat(r.codes()).containsExactly("snapshot_unreadable");
            }
        }
        assertThat(unchanged).isLessThan(snap.length / 20);
    }

    /** The uncompressed bytes of an S2 stream of data chunks (test helper; no checks). */
    static byte[] content(byte[] s2) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        while (p + 4 <= s2.length) {
            int type = s2[p] & 0xff;
            int len = (s2[p + 1] & 0xff) | (s2[p + 2] & 0xff) << 8 | (s2[p + 3] & 0xff) << 16;
            byte[] body = Arrays.copyOfRange(s2, p + 4, p + 4 + len);
            if (type == 0x00) {
                out.writeBytes(SnapshotFormat.decodeBlock(body, 4, p));
            } else if (type == 0x01) {
                out.writeBytes(Arrays.copyOfRange(body, 4, body.length));
            }
            p += 4 + len;
        }
        return out.toByteArray();
    }

    @Test
    void notASnapshotAtAll() throws IOException {
        assertThat(check("stream", "s", "PGDMP not s2".getBytes(StandardCharsets.UTF_8)).errors)
                .singleElement().satisfies(p -> assertThat(p.detail).contains("not an S2 stream"));
        assertThat(check("stream", "s", new byte[0]).errors).singleElement()
                .satisfies(p -> assertThat(p.detail).isEqualTo("empty"));
        byte[] snappyFramed = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};
        assertThat(check("stream", "s", snappyFramed).errors).singleElement()
                .satisfies(p -> assertThat(p.detail).isEqualTo("no data chunk"));
    }

    // A tar and an S2 stream built here, to check each rule on its own.

    static byte[] tarHeader(String name, long size, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, String.format("%07o", 0600));
        put(h, 108, String.format("%07o", 0));
        put(h, 116, String.format("%07o", 0));
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] tar(boolean endMarker, String... namesAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
            out.writeBytes(tarHeader(namesAndContents[i], content.length, '0'));
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        if (endMarker) {
            out.writeBytes(new byte[1024]);
        }
        return out.toByteArray();
    }

    /** An S2 stream of uncompressed chunks of at most {@code chunk} bytes. */
    static byte[] s2(byte[] data, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SnapshotFormat.STREAM_IDENTIFIER);
        for (int off = 0; off < data.length; off += chunk) {
            byte[] part = Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk));
            writeChunk(out, 0x01, part, part);
        }
        return out.toByteArray();
    }

    static void writeChunk(ByteArrayOutputStream out, int type, byte[] uncompressed, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(uncompressed);
        int masked = SnapshotFormat.masked((int) crc.getValue());
        int len = payload.length + 4;
        out.write(type);
        out.write(len & 0xff);
        out.write((len >> 8) & 0xff);
        out.write((len >> 16) & 0xff);
        out.write(masked & 0xff);
        out.write((masked >> 8) & 0xff);
        out.write((masked >> 16) & 0xff);
        out.write((masked >>> 24) & 0xff);
        out.writeBytes(payload);
    }

    @Test
    void aTarInUncompressedChunksIsAccepted() throws IOException {
        byte[] t = tar(true, "meta.inf", "{\"name\":\"T\"}", "meta.sum", "1234", "msgs/1.blk", "x".repeat(1500));
        List<String> names = new ArrayList<>();
        assertThat(SnapshotFormat.read(new ByteArrayInputStream(s2(t, 700)), names)).isNull();
        assertThat(names).containsExactly("meta.inf", "meta.sum", "msgs/1.blk");
        // padding and skippable chunks (S2's index, 0x99) are skipped
        ByteArrayOutputStream withSkippable = new ByteArrayOutputStream();
        withSkippable.writeBytes(s2(t, 100_000));
        withSkippable.writeBytes(new byte[]{(byte) 0x99, 3, 0, 0, 1, 2, 3, (byte) 0xfe, 1, 0, 0, 0});
        assertThat(SnapshotFormat.check(new ByteArrayInputStream(withSkippable.toByteArray()))).isNull();
    }

    @Test
    void eachRuleOfTheFormatHasItsMessage() throws IOException {
        byte[] good = tar(true, "meta.inf", "{}");
        assertThat(problem(s2(tar(false, "meta.inf", "{}"), 4096)))
                .isEqualTo("truncated: the tar archive has no end marker");
        assertThat(problem(s2(Arrays.copyOf(good, 700), 4096)))
                .isEqualTo("truncated: the tar archive ends inside an entry");
        assertThat(problem(s2(tar(true, "msgs/1.blk", "x"), 4096)))
                .isEqualTo("the archive holds no meta.inf (the stream's metadata)");
        byte[] badSum = good.clone();
        badSum[0] = 'M';
        assertThat(problem(s2(badSum, 4096))).isEqualTo("tar header 1 has a bad checksum");
        byte[] afterEnd = tar(false, "meta.inf", "{}");
        afterEnd = concat(afterEnd, new byte[512], tarHeader("late", 0, '0'), new byte[1024]);
        assertThat(problem(s2(afterEnd, 4096))).isEqualTo("tar archive continues after its end marker");
        assertThat(problem(s2(new byte[1024], 4096))).isEqualTo("the tar archive is empty");

        byte[] stream = s2(good, 4096);
        byte[] badCrc = stream.clone();
        badCrc[14] ^= 1;
        assertThat(problem(badCrc)).isEqualTo("checksum mismatch in chunk at byte 10");
        byte[] reserved = stream.clone();
        reserved[10] = 0x05;
        assertThat(problem(reserved)).isEqualTo("unknown chunk type 0x5 at byte 10");
        assertThat(problem(Arrays.copyOf(stream, 12))).isEqualTo("truncated: a chunk header is cut off at byte 10");
        assertThat(problem(Arrays.copyOf(stream, 100))).startsWith("truncated: chunk at byte 10 declares");
        byte[] secondIdentifier = concat(stream, SnapshotFormat.STREAM_IDENTIFIER);
        assertThat(problem(secondIdentifier)).isNull();   // concatenated streams are legal
        byte[] badIdentifier = stream.clone();
        badIdentifier[9] = 'X';
        assertThat(problem(badIdentifier)).isEqualTo("bad stream identifier at byte 0");
    }

    static String problem(byte[] s2) throws IOException {
        return SnapshotFormat.check(new ByteArrayInputStream(s2));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---- the S2 block decoder -------------------------------------------------------------

    @Test
    void s2BlocksDecodeLiteralsCopiesAndRepeats() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write((4 - 1) << 2);                      // literal of 4: "abcd"
        body.writeBytes("abcd".getBytes(StandardCharsets.US_ASCII));
        body.write(((8 - 4) << 2) | 1);                // copy1: length 8, offset 4
        body.write(4);
        body.write(((5 - 4) << 2) | 1);                // S2 repeat (offset bits 0): length 5, last offset
        body.write(0);
        body.write((5 << 2) | 1);                      // repeat, length code 5: one byte, 10 + 4 + 4 = 18
        body.write(0);
        body.write(10);
        body.write((6 << 2) | 1);                      // repeat, length code 6: two bytes, 40 + 256 + 4 = 300
        body.write(0);
        body.write(40);
        body.write(0);
        body.write(((3 - 1) << 2) | 2);                // copy2: length 3, offset 2
        body.write(2);
        body.write(0);
        body.write(((2 - 1) << 2) | 3);                // copy4: length 2, offset 4
        body.writeBytes(new byte[]{4, 0, 0, 0});
        body.write(((6 - 4) << 2) | 1);                // repeat of the last offset (4): length 6
        body.write(0);
        StringBuilder expected = new StringBuilder("abcd");
        copy(expected, 4, 8);
        copy(expected, 4, 5);
        copy(expected, 4, 18);
        copy(expected, 4, 300);
        copy(expected, 2, 3);
        copy(expected, 4, 2);
        copy(expected, 4, 6);
        byte[] src = concat(varint(expected.length()), body.toByteArray());
        byte[] out = SnapshotFormat.decodeBlock(src, 0, 0);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        assertThat(out).hasSize(4 + 8 + 5 + 18 + 300 + 3 + 2 + 6);
    }

    @Test
    void corruptS2BlocksAreRefused() {
        // a copy before any data, a repeat with no offset yet, a length that does not add up
        for (byte[] bad : new byte[][]{
                {8, ((4 - 4) << 2) | 1, 1},
                {8, (0x00 << 2) | 0, 'a', ((4 - 4) << 2) | 1, 0},
                {5, (0 << 2), 'a'},
                {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10},
        }) {
            assertThatThrownBy(() -> SnapshotFormat.decodeBlock(bad, 0, 42))
                    .as(Arrays.toString(bad)).isInstanceOf(IOException.class).hasMessageContaining("chunk at byte 42");
        }
    }

    static void copy(StringBuilder sb, int offset, int length) {
        for (int i = 0; i < length; i++) {
            sb.append(sb.charAt(sb.length() - offset));
        }
    }

    static byte[] varint(int v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (v >= 0x80) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    @Test
    void theMaskedCrcIsSnappys() {
        // crc32c("") = 0 -> masked 0xa282ead8; crc32c("123456789") = 0xe3069283
        assertThat(SnapshotFormat.masked(0)).isEqualTo(0xa282ead8);
        CRC32C c = new CRC32C();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat((int) c.getValue()).isEqualTo(0xe3069283);
        int v = 0xe3069283;
        assertThat(SnapshotFormat.masked(v)).isEqualTo(((v >>> 15) | (v << 17)) + 0xa282ead8);
    }

    @Test
    void manifestArtifactsAndJsonStayReadable() throws IOException {
        // streams.json as the handler writes it is what parseStreams reads
        var doc = Json.MAPPER.createObjectNode();
        var s = doc.putArray("streams").addObject();
        s.put("name", "A");
        s.put("artifact", NatsHandler.artifactName("A"));
        s.putObject("config").put("name", "A");
        s.putObject("state").put("messages", 7);
        s.put("changedDuringSnapshot", false);
        assertThat(StreamsJson.parseStreams(Json.MAPPER.writeValueAsBytes(doc)).get(0).messages()).isEqualTo(7);
    }
}
