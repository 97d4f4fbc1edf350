package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.TarEntries;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/** What a ClickHouse backup artifact must be: a tar of one {@code snapdock-…} folder holding a {@code .backup} metadata file. */
final class ClickhouseBackupArchive {

    private static final Pattern FOLDER = Pattern.compile("snapdock-[0-9a-f]{32}");

    private ClickhouseBackupArchive() {
    }

    /** The one top-level folder of a backup tar (as copied out: "snapdock-…/…"); checked, so it cannot escape. */
    static String topFolder(InputStream tar) throws IOException {
        TarArchiveInputStream t = new TarArchiveInputStream(tar);
        TarArchiveEntry e = t.getNextEntry();
        if (e == null) {
            throw SnapdockException.failed("the ClickHouse backup archive is empty");
        }
        String name = e.getName();
        int slash = name.indexOf('/');
        String top = slash < 0 ? name : name.substring(0, slash);
        if (!FOLDER.matcher(top).matches()) {
            throw SnapdockException.failed("unexpected folder '" + top + "' in the ClickHouse backup archive");
        }
        return top;
    }

    /** True when a tar entry is the backup's metadata file. */
    static boolean isMetadata(String entryName) {
        return entryName.equals(".backup") || entryName.endsWith("/.backup");
    }

    static void check(String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        boolean[] metadata = {false};
        long[] entries = {0};
        try {
            TarEntries.read(data, name -> {
                entries[0]++;
                metadata[0] |= isMetadata(name);
            });
        } catch (IOException | IllegalArgumentException e) {
            report.add("dump_unreadable", store, artifact.name, "not a readable tar: " + e.getMessage());
        }
        data.transferTo(OutputStream.nullOutputStream());
        if (entries[0] > 0 && !metadata[0]) {
            report.add("dump_unreadable", store, artifact.name, "no .backup metadata file: not a ClickHouse backup");
        } else if (entries[0] == 0) {
            report.add("dump_unreadable", store, artifact.name, "empty archive");
        }
    }
}
