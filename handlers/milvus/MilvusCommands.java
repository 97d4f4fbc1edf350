package io.snapdock.handlers.milvus;

import java.util.List;
import java.util.Locale;

/** The milvus-backup command lines an operator would run (documentation: Snapdock runs none of them). */
final class MilvusCommands {

    private MilvusCommands() {
    }

    /** A milvus-backup backup name for a snapshot stamp (letters, digits and underscores). */
    static String backupName(String stamp) {
        return "snapdock_" + stamp.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** {@code milvus-backup create -n NAME --config FILE}: a backup of every collection into Milvus's object storage. */
    static List<String> createCommand(String config, String name) {
        return List.of("milvus-backup", "create", "-n", name, "--config", config);
    }

    /** {@code milvus-backup restore -n NAME -s SUFFIX --config FILE}: restores the collections under new names. */
    static List<String> restoreCommand(String config, String name, String suffix) {
        return List.of("milvus-backup", "restore", "-n", name, "-s", suffix, "--config", config);
    }

    static String noOnlineMethod(String store, String milvusBackupConfig) {
        String how = milvusBackupConfig == null ? ""
                : " With milvus-backup, an operator would run: " + String.join(" ", createCommand(milvusBackupConfig,
                        "NAME")) + " (and to restore: "
                        + String.join(" ", restoreCommand(milvusBackupConfig, "NAME", "_restored"))
                        + "); its backups stay in Milvus's object storage, outside Snapdock's repository.";
        return "store " + store + ": Snapdock copies Milvus only while it is stopped (snapdock.mode=stop, the default)."
                + how;
    }
}
