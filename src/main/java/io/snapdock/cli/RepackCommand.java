package io.snapdock.cli;

import picocli.CommandLine.Command;

@Command(name = "repack", mixinStandardHelpOptions = true, description = "Run pg_repack on the maintenance targets' tables now (online). Tables, or the whole target, are"
        + " reported as skipped when the table, the extension or the client is missing.")
final class RepackCommand extends MaintenanceCommand {

    @Override
    String kind() {
        return "repack";
    }
}
