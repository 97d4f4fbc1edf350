package io.snapdock.cli;

import picocli.CommandLine.Command;

@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "Prune old rows of the maintenance targets now (online), create the indexes that make it cheap,"
        + " tune autovacuum. Prints one line per rule, index and table.")
final class CleanupCommand extends MaintenanceCommand {

    @Override
    String kind() {
        return "cleanup";
    }
}
