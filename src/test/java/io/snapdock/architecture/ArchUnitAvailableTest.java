package io.snapdock.architecture;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** ArchUnit reads Snapdock's compiled classes, so that architecture rules can be written on them. */
class ArchUnitAvailableTest {

    @Test
    void importsSnapdocksClasses() {
        // Only Snapdock's own classes: following every referenced library class through the class
        // path as well takes some 20 seconds here, and proves nothing more.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        try {
            JavaClasses classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.snapdock");

            assertThat(classes.size()).isGreaterThan(100);
        } finally {
            ArchConfiguration.get().reset();
        }
    }
}
