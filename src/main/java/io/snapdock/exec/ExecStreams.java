package io.snapdock.exec;

import java.io.IOException;
import java.io.InputStream;

/** The two output streams of a remote command: stdout as a bounded pipe, stderr as a tail. */
public final class ExecStreams {

    private final ChunkPipe stdout;
    private final TailBuffer stderr = new TailBuffer();

    public ExecStreams(int capacityChunks) {
        this.stdout = new ChunkPipe(capacityChunks);
    }

    /** Takes ownership of {@code payload}: the caller must not reuse it. */
    public void accept(boolean isStderr, byte[] payload) {
        if (isStderr) {
            stderr.append(payload, 0, payload.length);
        } else {
            stdout.put(payload);
        }
    }

    public void finish(IOException error) {
        stdout.finish(error);
    }

    public InputStream stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr.toString();
    }

    public void close() {
        stdout.close();
    }
}
