package io.snapdock.handlers.volume;

import io.snapdock.handlers.TarEntries;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What a folder copy must be: a tar archive that reads to its end and holds at least one entry. */
final class FolderArchive {

    private FolderArchive() {
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
