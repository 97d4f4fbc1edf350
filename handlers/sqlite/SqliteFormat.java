package io.snapdock.handlers.sqlite;

import org.sqlite.SQLiteDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What an SQLite database file must be: its 100-byte header, and a PRAGMA integrity_check answering ok. */
final class SqliteFormat {

    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_SIZE = 100;

    private SqliteFormat() {
    }

    /**
     * What is wrong with an SQLite file's first 100 bytes given its total size, or null when
     * nothing is: the magic string, the page size (a power of two from 512 to 65536), the fixed
     * payload fractions and, when the header's page count is valid, the size it implies.
     */
    static String headerProblem(byte[] h, long size) {
        if (h.length < HEADER_SIZE) {
            return "only " + h.length + " bytes: shorter than an SQLite header";
        }
        if (!Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) {
            return "not an SQLite 3 database (no \"SQLite format 3\" header)";
        }
        int raw = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
        int pageSize = raw == 1 ? 65536 : raw;
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            return "invalid page size " + raw + " in the header";
        }
        if ((h[21] & 0xff) != 64 || (h[22] & 0xff) != 32 || (h[23] & 0xff) != 32) {
            return "invalid payload fractions in the header";
        }
        if (size % pageSize != 0) {
            return size + " bytes is not a whole number of " + pageSize + "-byte pages";
        }
        long pages = readInt(h, 28);
        boolean countValid = pages > 0 && readInt(h, 24) == readInt(h, 92);
        if (countValid && pages * pageSize != size) {
            return "the header says " + pages + " pages of " + pageSize + " bytes, the file holds " + size + " bytes";
        }
        return null;
    }

    private static long readInt(byte[] h, int at) {
        return ((long) (h[at] & 0xff) << 24) | ((h[at + 1] & 0xff) << 16) | ((h[at + 2] & 0xff) << 8)
                | (h[at + 3] & 0xff);
    }

    /** {@code PRAGMA integrity_check} of a local file with the driver's SQLite; its answer lines. */
    static List<String> integrityCheck(Path db) throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db.toAbsolutePath());
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
