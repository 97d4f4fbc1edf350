package io.snapdock.handlers.clickhouse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse's {@code Native} format as {@code clickhouse-client … FORMAT Native} writes it: blocks
 * of (columns, rows, then per column its name, its type and its values, column after column). Read
 * through once, as it streams by, to count its rows and prove every block is whole; every byte read
 * is passed on unchanged, so the same pass copies the table into its artifact.
 *
 * <p>The values of the usual types are walked (numbers, dates, UUID, decimals, enums, strings,
 * fixed strings, Nullable, Array, Tuple, Map, SimpleAggregateFunction); a column of any other type
 * (LowCardinality, AggregateFunction states, JSON …) cannot be measured without its serialisation
 * rules, so the rest of the stream is passed on unread and the row count is unknown, not wrong.
 */
final class NativeFormat {

    private NativeFormat() {
    }

    /** What one read-through found: its rows (null when a type stopped the count), blocks, and why it is not whole. */
    record Result(Long rows, long blocks, String unsupportedType, String problem) {
        boolean whole() {
            return problem == null;
        }
    }

    /** Reads {@code in} to its end, copying every byte to {@code out}; never throws for a malformed stream. */
    static Result copy(InputStream in, OutputStream out) throws IOException {
        Reader r = new Reader(in, out);
        long rows = 0;
        long blocks = 0;
        try {
            while (!r.atEnd()) {
                long columns = r.varUInt();
                long blockRows = r.varUInt();
                if (columns > 100_000 || blockRows > (1L << 40)) {
                    r.drain();
                    return new Result(null, blocks, null, "block " + blocks + " has an impossible header ("
                            + columns + " columns, " + blockRows + " rows)");
                }
                for (long c = 0; c < columns; c++) {
                    r.string(1 << 20); // the column's name
                    String type = new String(r.string(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
                    Type t;
                    try {
                        t = Type.parse(type);
                    } catch (Unsupported u) {
                        r.drain();
                        return new Result(null, blocks, u.getMessage(), null);
                    }
                    if (blockRows > 0) {
                        t.skip(r, blockRows);
                    }
                }
                rows += blockRows;
                blocks++;
            }
        } catch (EOFException e) {
            return new Result(null, blocks, null, "truncated in block " + blocks);
        } catch (IllegalArgumentException e) {
            r.drain();
            return new Result(null, blocks, null, "block " + blocks + ": " + e.getMessage());
        }
        return new Result(rows, blocks, null, null);
    }

    /** A column type too exotic to be walked. */
    static final class Unsupported extends Exception {
        Unsupported(String type) {
            super(type);
        }
    }

    /** How the values of one column type are laid out. */
    interface Type {
        void skip(Reader r, long rows) throws IOException;

        static Type parse(String type) throws Unsupported {
            String t = type.strip();
            int open = t.indexOf('(');
            String name = open < 0 ? t : t.substring(0, open);
            List<String> args = open < 0 || !t.endsWith(")") ? List.of() : split(t.substring(open + 1, t.length() - 1));
            int fixed = fixedWidth(name, args);
            if (fixed > 0) {
                return (r, rows) -> r.skip(Math.multiplyExact(rows, (long) fixed));
            }
            switch (name) {
                case "String" :
                    return (r, rows) -> {
                        for (long i = 0; i < rows; i++) {
                            r.skip(r.varUInt());
                        }
                    };
                case "Nullable" : {
                    Type inner = parse(one(type, args));
                    return (r, rows) -> {
                        r.skip(rows);
                        inner.skip(r, rows);
                    };
                }
                case "SimpleAggregateFunction" :
                    if (args.size() == 2) {
                        return parse(args.get(1));
                    }
                    throw new Unsupported(type);
                case "Array" : {
                    Type inner = parse(one(type, args));
                    return (r, rows) -> inner.skip(r, r.lastOffset(rows));
                }
                case "Map" : {
                    if (args.size() != 2) {
                        throw new Unsupported(type);
                    }
                    Type key = parse(args.get(0));
                    Type value = parse(args.get(1));
                    return (r, rows) -> {
                        long n = r.lastOffset(rows);
                        key.skip(r, n);
                        value.skip(r, n);
                    };
                }
                case "Tuple" : {
                    if (args.isEmpty()) {
                        throw new Unsupported(type);
                    }
                    List<Type> elements = new ArrayList<>();
                    for (String a : args) {
                        elements.add(parse(unnamed(a)));
                    }
                    return (r, rows) -> {
                        for (Type e : elements) {
                            e.skip(r, rows);
                        }
                    };
                }
                default :
                    throw new Unsupported(type);
            }
        }
    }

    /** The width of one value of a fixed-width type, or 0. */
    static int fixedWidth(String name, List<String> args) {
        switch (name) {
            case "UInt8", "Int8", "Bool", "Enum8", "Nothing" :
                return 1;
            case "UInt16", "Int16", "Date", "Enum16" :
                return 2;
            case "UInt32", "Int32", "Float32", "DateTime", "Date32", "IPv4", "Decimal32" :
                return 4;
            case "UInt64", "Int64", "Float64", "DateTime64", "Decimal64", "IntervalSecond", "IntervalMinute",
                    "IntervalHour", "IntervalDay", "IntervalWeek", "IntervalMonth", "IntervalQuarter", "IntervalYear" :
                return 8;
            case "UInt128", "Int128", "UUID", "IPv6", "Decimal128" :
                return 16;
            case "UInt256", "Int256", "Decimal256" :
                return 32;
            case "FixedString" :
                return args.size() == 1 && args.get(0).strip().matches("\\d{1,6}")
                        ? Integer.parseInt(args.get(0).strip())
                        : 0;
            case "Decimal" : {
                if (args.isEmpty() || !args.get(0).strip().matches("\\d{1,2}")) {
                    return 0;
                }
                int precision = Integer.parseInt(args.get(0).strip());
                return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
            }
            default :
                return 0;
        }
    }

    private static String one(String type, List<String> args) throws Unsupported {
        if (args.size() != 1) {
            throw new Unsupported(type);
        }
        return args.get(0);
    }

    /** "a UInt8" (a named tuple element) → "UInt8"; a type with a space in its arguments ("Enum8('a b' = 1)") is kept. */
    static String unnamed(String element) {
        String e = element.strip();
        int space = e.indexOf(' ');
        int open = e.indexOf('(');
        return space > 0 && (open < 0 || space < open) ? e.substring(space + 1).strip() : e;
    }

    /** The arguments of a type, split at the commas outside parentheses and quotes. */
    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!args.isBlank()) {
            out.add(args.substring(start).strip());
        }
        return out;
    }

    /** Reads through its own buffer and hands every buffer it fills to {@code out}, in order. */
    static final class Reader {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;

        Reader(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        private boolean fill() throws IOException {
            int n = in.readNBytes(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            out.write(buf, 0, n);
            pos = 0;
            limit = n;
            return true;
        }

        boolean atEnd() throws IOException {
            return pos >= limit && !fill();
        }

        int read() throws IOException {
            if (pos >= limit && !fill()) {
                throw new EOFException();
            }
            return buf[pos++] & 0xff;
        }

        void skip(long n) throws IOException {
            if (n < 0) {
                throw new IllegalArgumentException("negative length " + n);
            }
            while (n > 0) {
                if (pos >= limit && !fill()) {
                    throw new EOFException();
                }
                int step = (int) Math.min(n, limit - pos);
                pos += step;
                n -= step;
            }
        }

        long varUInt() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("a variable-length number longer than 9 bytes");
        }

        byte[] string(int max) throws IOException {
            long n = varUInt();
            if (n > max) {
                throw new IllegalArgumentException("a name or type of " + n + " bytes");
            }
            byte[] s = new byte[(int) n];
            for (int i = 0; i < n; i++) {
                s[i] = (byte) read();
            }
            return s;
        }

        /** Reads {@code rows} array offsets (UInt64, little-endian, growing) and returns the last: the element count. */
        long lastOffset(long rows) throws IOException {
            long last = 0;
            for (long i = 0; i < rows; i++) {
                long v = 0;
                for (int k = 0; k < 8; k++) {
                    v |= (long) read() << (8 * k);
                }
                if (v < last) {
                    throw new IllegalArgumentException("array offsets go backwards");
                }
                last = v;
            }
            return last;
        }

        /** Passes the rest of the stream on unread. */
        void drain() throws IOException {
            pos = limit;
            in.transferTo(out);
        }
    }
}
