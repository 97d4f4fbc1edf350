package io.snapdock.cli;

import io.snapdock.SnapdockException;
import io.snapdock.auth.Role;
import io.snapdock.auth.Tokens;
import io.snapdock.config.SnapdockConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "token", mixinStandardHelpOptions = true, description = {
        "Print a new API token (first line) and the configuration line that accepts it (second line).",
        "Only the token's SHA-256 goes into the configuration: the token itself is stored nowhere, keep it."})
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The token's name (letters, digits, '-', '_'): in the property and in the log.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Role r = Role.parse(role);
        if (r == null) {
            throw SnapdockException.badInput("unknown role '" + role.replaceAll("[^A-Za-z0-9_-]", "?")
                    + "': expected viewer, operator or admin");
        }
        String token = Tokens.generate();
        String value = r.label() + ":" + HexFormat.of().formatHex(Tokens.sha256(token));
        Tokens.parse(Map.of(name, value));   // the same checks as at start-up (the name)
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.println(Tokens.PREFIX + name + "=" + value);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println(
                "give the first line to the client (Authorization: Bearer TOKEN); put the second in the configuration,"
                        + " or set " + SnapdockConfig.envName(Tokens.PREFIX + name) + "=" + value);
        err.flush();
        return 0;
    }
}
