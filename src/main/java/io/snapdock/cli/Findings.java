package io.snapdock.cli;

import java.io.PrintWriter;
import java.util.List;

/** The errors and warnings of a report (validation, repository check), one line each under its summary. */
final class Findings {

    private Findings() {
    }

    static void print(PrintWriter out, List<?> errors, List<?> warnings) {
        errors.forEach(f -> out.println("  error   " + f));
        warnings.forEach(f -> out.println("  warning " + f));
    }
}
