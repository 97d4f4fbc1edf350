package io.snapdock.testsupport;

import io.snapdock.cli.SnapdockCli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs Snapdock's CLI in this JVM and captures what it prints. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exit, String out, String err) {
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        @Override
        public String toString() {
            return "exit=" + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SnapdockCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
