package io.snapdock.testsupport;

/** An API token made by {@code snapdock token}: what the client sends, and the configuration line that accepts it. */
public record ApiToken(String token, String property) {

    /** Runs {@code snapdock token --role ROLE --name NAME} and reads its two lines. */
    public static ApiToken create(String role, String name) {
        Cli.Result r = Cli.run("token", "--role", role, "--name", name);
        if (r.exit() != 0) {
            throw new AssertionError("snapdock token failed: " + r);
        }
        String[] lines = r.out().strip().split("\n");
        return new ApiToken(lines[0].strip(), lines[1].strip());
    }

    /** The property's value, ROLE:SHA256 (for an environment variable). */
    public String value() {
        return property.substring(property.indexOf('=') + 1);
    }
}
