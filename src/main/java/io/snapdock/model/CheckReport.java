package io.snapdock.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code check} found. Errors make the repository unhealthy (a snapshot cannot be restored
 * as it is); warnings are leftovers that a prune removes (packs of an interrupted backup).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckReport {

    public boolean ok = true;
    public boolean readData;
    public String encryption;
    public int snapshots;
    public int packs;
    public int indexFiles;
    public long chunks;
    /** Bytes read and authenticated (with read-data). */
    public long bytesRead;
    public String startedAt;
    public String finishedAt;
    public final List<Finding> errors = new ArrayList<>();
    public final List<Finding> warnings = new ArrayList<>();

    /** One named finding: its code, what it is about (a pack, index file or snapshot artifact), and why. */
    public record Finding(String code, String subject, String message) {
        @Override
        public String toString() {
            return code + " " + subject + ": " + message;
        }
    }

    public synchronized void error(String code, String subject, String message) {
        ok = false;
        errors.add(new Finding(code, subject, message));
    }

    public synchronized void warn(String code, String subject, String message) {
        warnings.add(new Finding(code, subject, message));
    }

    public List<String> codes() {
        return errors.stream().map(Finding::code).distinct().toList();
    }
}
