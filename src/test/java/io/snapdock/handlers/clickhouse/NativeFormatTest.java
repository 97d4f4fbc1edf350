package io.snapdock.handlers.clickhouse;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Native walk on what ClickHouse 18.16 itself wrote ({@code types-18.16.native}: 300 rows in
 * blocks of 128 of Date, DateTime, UInt64, String, Nullable(Float64), Array(String), Enum8,
 * FixedString(2), Tuple(UInt64, String), Array(Array(UInt64)), Int8, Float32), plus broken and
 * exotic streams, and the check and schema of the per-table method built on it.
 */
class NativeFormatTest {

    static byte[] fixture() throws IOException {
        try (InputStream in = NativeFormatTest.class.getResourceAsStream("/clickhouse/types-18.16.native")) {
            return in.readAllBytes();
        }
    }

    @Test
    void countsTheRowsOfARealStreamAndPassesEveryByteOn() throws Exception {
        byte[] native18 = fixture();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        NativeFormat.Result r = NativeFormat.copy(new ByteArrayInputStream(native18), copy);
        assertThat(r.problem()).isNull();
        assertThat(r.unsupportedType()).isNull();
        assertThat(r.rows()).isEqualTo(300L);
        assertThat(r.blocks()).isEqualTo(3);
        assertThat(copy.toByteArray()).isEqualTo(native18);
    }

    @Test
    void anEmptyTableIsZeroRows() throws Exception {
        NativeFormat.Result r = NativeFormat.copy(new ByteArrayInputStream(new byte[0]),
                OutputStream.nullOutputStream());
        assertThat(r.whole()).isTrue();
        assertThat(r.rows()).isZero();
    }

    @Test
    void aCutStreamIsTruncatedAndGarbageIsNotNative() throws Exception {
        byte[] native18 = fixture();
        for (int cut : new int[]{1, 100, native18.length / 2}) {
            NativeFormat.Result r = NativeFormat.copy(
                    new ByteArrayInputStream(Arrays.copyOf(native18, native18.length - cut)),
                    OutputStream.nullOutputStream());
            assertThat(r.whole()).as("cut " + cut).isFalse();
            assertThat(r.problem()).startsWith("truncated");
        }
        byte[] garbage = new byte[5000];
        Arrays.fill(garbage, (byte) 0xff);
        ByteArrayInputStream in = new ByteArrayInputStream(garbage);
        NativeFormat.Result g = NativeFormat.copy(in, OutputStream.nullOutputStream());
        assertThat(g.whole()).isFalse();
        assertThat(in.available()).as("read to its end").isZero();
    }

    /** One block: 1 column "c" of {@code type}, {@code rows} rows, {@code data}. */
    static byte[] block(String type, int rows, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1);
        b.write(rows);
        b.write(1);
        b.write('c');
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        b.write(t.length);
        b.writeBytes(t);
        b.writeBytes(data);
        return b.toByteArray();
    }

    @Test
    void aTypeItCannotWalkLeavesTheCountUnknownButTheBytesWhole() throws Exception {
        byte[] lc = block("LowCardinality(String)", 2, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        NativeFormat.Result r = NativeFormat.copy(new ByteArrayInputStream(lc), copy);
        assertThat(r.whole()).isTrue();
        assertThat(r.rows()).isNull();
        assertThat(r.unsupportedType()).isEqualTo("LowCardinality(String)");
        assertThat(copy.toByteArray()).isEqualTo(lc);
    }

    @Test
    void typeArgumentsAndNamedTupleElements() throws Exception {
        assertThat(NativeFormat.split("UInt8, Enum8('a,b' = 1, 'c' = 2), Tuple(x UInt8, y String)"))
                .containsExactly("UInt8", "Enum8('a,b' = 1, 'c' = 2)", "Tuple(x UInt8, y String)");
        assertThat(NativeFormat.unnamed("x UInt8")).isEqualTo("UInt8");
        assertThat(NativeFormat.unnamed("Enum8('a b' = 1)")).isEqualTo("Enum8('a b' = 1)");
        assertThat(NativeFormat.fixedWidth("Decimal", List.of("18", "4"))).isEqualTo(8);
        assertThat(NativeFormat.fixedWidth("FixedString", List.of("3"))).isEqualTo(3);
        assertThat(NativeFormat.fixedWidth("DateTime64", List.of("3"))).isEqualTo(8);
        // Map(String, UInt8) of one row {'k': 7}: offsets [1], keys ["k"], values [7].
        byte[] map = block("Map(String, UInt8)", 1, new byte[]{1, 0, 0, 0, 0, 0, 0, 0, 1, 'k', 7});
        assertThat(NativeFormat.copy(new ByteArrayInputStream(map), OutputStream.nullOutputStream()).rows())
                .isEqualTo(1L);
    }

    static Manifest.Artifact table(Long rows) {
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-events.hits.native";
        a.kind = NativeExport.TABLE;
        a.rows = rows;
        return a;
    }

    @Test
    void theCheckComparesTheRowsWithTheManifest() throws Exception {
        byte[] native18 = fixture();
        ValidationReport ok = new ValidationReport("s");
        new ClickhouseHandler().check(null, "wh", table(300L), new ByteArrayInputStream(native18), ok);
        assertThat(ok.errors).isEmpty();

        ValidationReport wrong = new ValidationReport("s");
        new ClickhouseHandler().check(null, "wh", table(301L), new ByteArrayInputStream(native18), wrong);
        assertThat(wrong.codes()).containsExactly("row_count_mismatch");

        ValidationReport cut = new ValidationReport("s");
        new ClickhouseHandler().check(null, "wh", table(300L),
                new ByteArrayInputStream(Arrays.copyOf(native18, native18.length - 10)), cut);
        assertThat(cut.codes()).containsExactly("dump_truncated");
    }

    @Test
    void theSchemaMustParseAndHoldAStatementPerTable() throws Exception {
        DatabaseSchema s = new DatabaseSchema();
        s.database = "events";
        DatabaseSchema.Table t = new DatabaseSchema.Table();
        t.name = "hits";
        t.engine = "MergeTree";
        t.create = "CREATE TABLE events.hits (id UInt64) ENGINE = MergeTree ORDER BY id";
        t.artifact = "db-events.hits.native";
        s.tables.add(t);
        DatabaseSchema back = DatabaseSchema.read(new ByteArrayInputStream(s.toJson()));
        assertThat(back.tables.get(0).create).isEqualTo(t.create);

        Manifest.Artifact a = new Manifest.Artifact();
        a.name = "db-events.schema.json";
        a.kind = NativeExport.SCHEMA;
        ValidationReport ok = new ValidationReport("s");
        new ClickhouseHandler().check(null, "wh", a, new ByteArrayInputStream(s.toJson()), ok);
        assertThat(ok.errors).isEmpty();

        t.create = "DROP TABLE events.hits";
        for (byte[] bad : new byte[][]{s.toJson(), "{not json".getBytes(StandardCharsets.UTF_8),
                "{\"tables\": []}".getBytes(StandardCharsets.UTF_8)}) {
            ValidationReport r = new ValidationReport("s");
            ByteArrayInputStream in = new ByteArrayInputStream(bad);
            new ClickhouseHandler().check(null, "wh", a, in, r);
            assertThat(r.codes()).as(new String(bad, StandardCharsets.UTF_8)).containsExactly("dump_unreadable");
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void contentsNameTheDatabasesTablesAndRows() {
        Manifest.StoreEntry e = new Manifest.StoreEntry();
        Manifest.Artifact schema = new Manifest.Artifact();
        schema.kind = NativeExport.SCHEMA;
        schema.database = "events";
        schema.size = 10;
        Manifest.Artifact hits = table(5000L);
        hits.database = "events";
        hits.size = 90;
        e.artifacts.add(hits);
        e.artifacts.add(schema);
        assertThat(new ClickhouseHandler().contents(e)).containsEntry("databases", List.of("events"))
                .containsEntry("tables", 1).containsEntry("rows", 5000L).containsEntry("bytes", 100L);
    }
}
