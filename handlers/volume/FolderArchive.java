package io.snapdock.handlers.volume;

import io.snapdock.handlers.TarEntries;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What a folder copy must be: a tar archive that reads to its end and holds at least one entry;
 * its top entry (the folder itself, with its owner and mode); the archive of folders a restore
 * creates above a missing one.
 */
final class FolderArchive {

    /** How far into an archive its top entry's headers may reach (long names and pax headers included). */
    static final int HEADER_LIMIT = 1024 * 1024;

    private FolderArchive() {
    }

    /**
     * The archive's first entry (the folder that was copied: its name, owner and mode), read from
     * {@code in}, which is then reset to the archive's start.
     */
    static TarArchiveEntry topEntry(BufferedInputStream in) throws IOException {
        in.mark(HEADER_LIMIT);
        TarArchiveEntry top;
        try {
            top = new TarArchiveInputStream(in).getNextEntry();   // not closed: in stays open
        } finally {
            in.reset();
        }
        if (top == null) {
            throw new IOException("the folder archive holds no entry");
        }
        return top;
    }

    /**
     * An archive of empty folders {@code names} (relative, parents first), owned by {@code uid}:{@code gid},
     * mode 755: the folders a restore creates above a folder that is missing.
     */
    static byte[] folders(List<String> names, long uid, long gid) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String name : names) {
                TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
                e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
                e.setUserId(uid);
                e.setGroupId(gid);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    static void check(String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        long[] entries = {0};
        try {
            TarEntries.read(data, name -> entries[0]++);
        } catch (IOException | IllegalArgumentException e) {
            report.add("archive_unreadable", store, artifact.name, e.getMessage());
        }
        data.transferTo(OutputStream.nullOutputStream());
        if (entries[0] == 0) {
            report.add("archive_unreadable", store, artifact.name, "no entries");
        }
    }
}
