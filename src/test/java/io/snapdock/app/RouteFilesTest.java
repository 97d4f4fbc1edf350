package io.snapdock.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ is loaded (they are named one by one), and every name has its file. */
class RouteFilesTest {

    @Test
    void theListNamesExactlyTheFilesInRoutes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())))
                    .containsExactlyInAnyOrderElementsOf(SnapdockApp.ROUTES);
        }
        assertThat(SnapdockApp.ROUTES).containsAll(SnapdockApp.SERVE_ONLY_ROUTES);
    }
}
