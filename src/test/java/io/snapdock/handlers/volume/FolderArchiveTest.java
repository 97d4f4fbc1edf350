package io.snapdock.handlers.volume;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The folder archive's top entry (owner and mode of a folder to create) and the folders created above it. */
class FolderArchiveTest {

    static byte[] archive(String top, int uid, int mode) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry dir = new TarArchiveEntry(top + "/");
            dir.setUserId(uid);
            dir.setGroupId(uid);
            dir.setMode(040000 | mode);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] data = "vectors".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry(top + "/index.bin");
            f.setSize(data.length);
            tar.putArchiveEntry(f);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return buf.toByteArray();
    }

    @Test
    void theTopEntryIsReadAndTheStreamStartsAgainAtTheArchivesStart() throws Exception {
        byte[] tar = archive("chroma", 1000, 0750);
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(tar), 1024);
        TarArchiveEntry top = FolderArchive.topEntry(in);
        assertThat(top.getName()).isEqualTo("chroma/");
        assertThat(top.getLongUserId()).isEqualTo(1000);
        assertThat(top.getMode() & 07777).isEqualTo(0750);
        assertThat(in.readAllBytes()).isEqualTo(tar);
    }

    @Test
    void aTopEntryWithALongNameIsReadWhole() throws Exception {
        String name = "v".repeat(180);
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(archive(name, 0, 0700)));
        assertThat(FolderArchive.topEntry(in).getName()).isEqualTo(name + "/");
    }

    @Test
    void theFoldersAboveAMissingOneAreArchivedParentsFirstWithItsOwnerAndMode755() throws Exception {
        byte[] tar = FolderArchive.folders(List.of("store", "store/deep"), 1000, 1001);
        List<String> seen = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                assertThat(e.isDirectory()).isTrue();
                assertThat(e.getMode() & 07777).isEqualTo(0755);
                seen.add(e.getName() + " " + e.getLongUserId() + ":" + e.getLongGroupId());
            }
        }
        assertThat(seen).containsExactly("store/ 1000:1001", "store/deep/ 1000:1001");
    }

    @Test
    void theFoldersAboveAPathNearestFirstWithoutTheRoot() {
        assertThat(FolderCommands.ancestors("/data/store/chroma")).containsExactly("/data/store", "/data");
        assertThat(FolderCommands.ancestors("/data")).isEmpty();
    }
}
