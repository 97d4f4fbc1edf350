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
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long pos = f.length() / 2;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x01);
        }
    }
}
