package io.snapdock.architecture;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of docs/architecture.md, as rules that fail on the first forbidden import:
 * <pre>
 * app, cli            wiring and entry points
 *   processors        one step each; services injected; no processor uses another
 *     services        runs, history, restore, retention, replication, maintenance, validation, discovery, …
 *       handlers      one store type each
 *       adapters      docker, exec, repo (backend → content → snapshot, each only downward)
 *         base        model, config, SnapdockException
 * </pre>
 * Arrows point down only, and no two packages depend on each other.
 */
class LayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importSnapdock() {
        // Only Snapdock's own classes: resolving every library class as well is slow and proves nothing more.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        // (and Camel's Processor, so that "a processor" means a class that implements it)
        Set<Location> locations = new HashSet<>(Locations.ofPackage("io.snapdock"));
        locations.addAll(Locations.ofClass(Processor.class));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(locations);
    }

    @AfterAll
    static void reset() {
        ArchConfiguration.get().reset();
    }

    static final String[] SERVICES = {"io.snapdock.run..", "io.snapdock.history..", "io.snapdock.restore..",
            "io.snapdock.retention..", "io.snapdock.replication..", "io.snapdock.maintenance..",
            "io.snapdock.validate..",
            "io.snapdock.discovery..", "io.snapdock.stores..", "io.snapdock.health..", "io.snapdock.metrics..",
            "io.snapdock.notify..", "io.snapdock.auth.."};

    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("io.snapdock.app..", "io.snapdock.cli..")
                .layer("Processors").definedBy("io.snapdock.processors..")
                .layer("Services").definedBy(SERVICES)
                .layer("Handlers").definedBy("io.snapdock.handlers..")
                .layer("Adapters").definedBy("io.snapdock.docker..", "io.snapdock.exec..", "io.snapdock.repo..")
                .layer("Base")
                .definedBy(JavaClass.Predicates.resideInAnyPackage("io.snapdock.model..", "io.snapdock.config..")
                        .or(JavaClass.Predicates.resideInAPackage("io.snapdock").as("io.snapdock")))
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Processors").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("App", "Processors")
                .whereLayer("Handlers").mayOnlyBeAccessedByLayers("App", "Processors", "Services")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("App", "Processors", "Services", "Handlers")
                .whereLayer("Base").mayOnlyBeAccessedByLayers("App", "Processors", "Services", "Handlers", "Adapters");
    }

    @Test
    void dependenciesPointDownOnly() {
        layers().check(classes);
    }

    @Test
    void theRepositoryIsLayeredBackendContentSnapshot() {
        noClasses().that().resideInAPackage("io.snapdock.repo.backend..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.snapdock.repo.content..", "io.snapdock.repo.snapshot..")
                .check(classes);
        noClasses().that().resideInAPackage("io.snapdock.repo.content..")
                .should().dependOnClassesThat().resideInAPackage("io.snapdock.repo.snapshot..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.snapdock.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noProcessorUsesAnotherProcessor() {
        classes().that().implement(Processor.class).and().resideInAPackage("io.snapdock.processors..")
                .should(useNoOtherProcessor()).check(classes);
    }

    @Test
    void aStoreTypesHandlerUsesNoOtherStoreType() {
        slices().matching("io.snapdock.handlers.(*)..").should().notDependOnEachOther().check(classes);
    }

    private static ArchCondition<JavaClass> useNoOtherProcessor() {
        DescribedPredicate<JavaClass> processor = JavaClass.Predicates.assignableTo(Processor.class);
        return new ArchCondition<>("use no other processor") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getDirectDependenciesFromSelf().stream()
                        .filter(d -> d.getTargetClass() != item
                                && !d.getTargetClass().getName().startsWith(item.getName() + "$"))
                        .filter(d -> d.getTargetClass().getPackageName().startsWith("io.snapdock.processors")
                                && processor.test(d.getTargetClass()))
                        .forEach(d -> events.add(SimpleConditionEvent.violated(item, d.getDescription())));
            }
        };
    }
}
