package io.snapdock.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Damage done to a repository on purpose, to prove validation catches it. */
public final class Damage {

    private Damage() {
    }

    /** Flips one bit of the byte in the middle of {@code file}. */
    public static void flipMiddleByte(Path file) throws IOException {
        flipByteAt(file, java.nio.file.Files.size(file) / 2);
    }

    /** Flips one bit of the byte at {@code pos} in {@code file}. */
    public static void flipByteAt(Path file, long pos) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x01);
        }
    }
}
