package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** What a garbage collection did (or, in a dry run, would do). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GcReport {

    /** Chunks the remaining manifests (snapshots/ and safety/) refer to. */
    public long referencedChunks;
    public int packsDeleted;
    public int packsRepacked;
    /** New packs written by the repacking. */
    public int packsWritten;
    /** Packs left alone because they are younger than the grace period (or listed by a young index file). */
    public int packsKeptYoung;
    public int indexFilesWritten;
    public int indexFilesDeleted;
    /** Bytes no longer in the repository: deleted packs and repacked packs, minus the new packs. */
    public long bytesFreed;
    /** Packs not deleted or repacked because reading them failed (named; a {@code check} says more). */
    public List<String> skipped = new ArrayList<>();
}
