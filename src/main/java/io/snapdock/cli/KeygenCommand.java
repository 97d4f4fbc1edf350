package io.snapdock.cli;

import io.snapdock.SnapdockException;
import io.snapdock.repo.content.RepositoryKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Print a new repository key in the format of snapdock.encryption.key-file (or write it to a new file).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = {"-o",
            "--output"}, paramLabel = "FILE", description = "Write the key to FILE (created with mode 600; an existing file is never overwritten).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RepositoryKey key = RepositoryKey.generate();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(key.fileText());
            out.flush();
            return 0;
        }
        try {
            Files.createFile(output,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw SnapdockException.badInput("key file " + output + " already exists: it is never overwritten");
        } catch (UnsupportedOperationException e) {
            Files.createFile(output);
        }
        Files.writeString(output, key.fileText(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        spec.commandLine().getErr().println("wrote a new key (key id " + key.id() + ") to " + output);
        return 0;
    }
}
