package io.snapdock.handlers;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/** Reading a tar archive through, for the native checks of the stores whose copy is one (a folder, a ClickHouse backup). */
public final class TarEntries {

    private TarEntries() {
    }

    /**
     * Reads the archive in {@code data} entry by entry to its end, handing each entry's name to
     * {@code entry}; what reading a broken archive throws goes to the caller, after the entries
     * read so far were handed over.
     */
    public static void read(InputStream data, Consumer<String> entry) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            entry.accept(e.getName());
            tar.transferTo(OutputStream.nullOutputStream());
        }
    }
}
