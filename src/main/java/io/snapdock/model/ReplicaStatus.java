package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run did on the replica: {@code succeeded} (every snapshot there, manifest last),
 * {@code failed} (the error says why; the snapshot is still fine on the primary) or
 * {@code skipped} (the snapshot was not valid: it is not copied).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaStatus {

    /** How the replication ended. */
    public enum State {
        succeeded, failed, skipped
    }

    public State status;
    /** Where the replica is (no credentials). */
    public String location;
    /** Snapshots whose manifest this run wrote on the replica. */
    public List<String> copied = new ArrayList<>();
    /** Snapshots that were there already. */
    public List<String> present = new ArrayList<>();
    public int packsCopied;
    public long bytesCopied;
    public Long durationMs;
    public String error;
}
