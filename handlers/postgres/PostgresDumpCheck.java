package io.snapdock.handlers.postgres;

import io.snapdock.exec.Commands;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a PostgreSQL artifact must look like: the globals a {@code pg_dumpall} header, a database
 * dump a custom-format archive ({@code PGDMP}) whose table of contents {@code pg_restore --list}
 * reads.
 */
final class PostgresDumpCheck {

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private PostgresDumpCheck() {
    }

    static void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        if ("globals".equals(artifact.kind)) {
            byte[] head = data.readNBytes(4096);
            data.transferTo(OutputStream.nullOutputStream());
            String text = new String(head, StandardCharsets.UTF_8);
            if (!text.contains("PostgreSQL database cluster dump")) {
                report.add("globals_unreadable", store, artifact.name, "not a pg_dumpall output");
            }
            return;
        }
        byte[] magic = data.readNBytes(5);
        if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            data.transferTo(OutputStream.nullOutputStream());
            report.add("dump_unreadable", store, artifact.name, "not a pg_dump custom-format archive");
            return;
        }
        if (ctx == null) {
            data.transferTo(OutputStream.nullOutputStream());
            report.warn("native_check_skipped", store, artifact.name, "no pg_restore available to read the dump");
            return;
        }
        // pg_restore --list reads the table of contents and may stop reading early: keep
        // draining the stream (for the checksum) after it has closed its input.
        try (RunningCommand cmd = ctx.runner().start(List.of("pg_restore", "--list"), Map.of(), true)) {
            Commands.Pump listing = Commands.Pump.start(cmd.stdout());
            OutputStream in = cmd.stdin();
            boolean open = true;
            try {
                in.write(magic);
            } catch (IOException e) {
                open = false;
            }
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = data.read(buf)) >= 0) {
                if (open) {
                    try {
                        in.write(buf, 0, n);
                    } catch (IOException e) {
                        open = false;
                    }
                }
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // pg_restore already finished reading
            }
            int code = cmd.waitFor(QUERY_TIMEOUT);
            String toc = listing.text();
            if (code != 0 || !toc.contains("Archive created at")) {
                report.add("dump_unreadable", store, artifact.name,
                        "pg_restore --list failed (exit " + code + "): " + RunningCommand.summary(cmd.stderr()));
            }
        }
    }
}
