package io.snapdock.handlers.volume;

import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What a folder copy must be: a tar archive that reads to its end and holds at least one entry. */
final class FolderArchive {

    private FolderArchive() {
    }

    static void check(String store, Manifest.Artifact artifact, InputStream data, ValidationReport report)
            throws IOException {
        long entries = 0;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(data);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries++;
                tar.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | IllegalArgumentException e) {
            report.add("archive_unreadable", store, artifact.name, e.getMessage());
        }
        data.transferTo(OutputStream.nullOutputStream());
        if (entries == 0) {
            report.add("archive_unreadable", store, artifact.name, "no entries");
        }
    }
}
