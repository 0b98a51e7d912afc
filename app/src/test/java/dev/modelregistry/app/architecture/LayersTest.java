package dev.modelregistry.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layers, checked on the compiled main classes of every module. Arrows run one way:
 * schemas at the bottom; catalog formats and the stream processor on it; the sync producer and
 * the query API beside each other, never into each other; the application on top. A class that
 * reaches up or sideways fails the build here, with the offending call named.
 */
class LayersTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // Main classes only: test classes come from test-classes directories or, for other
        // modules, from their *-tests.jar, and may reach anywhere.
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        main = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.modelregistry");
    }

    @Test
    void everyModuleIsOnTheClasspath() {
        for (String module : new String[] {"schemas", "catalogs", "streams", "sync", "api", "app", "client"}) {
            org.assertj.core.api.Assertions.assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith("dev.modelregistry." + module)))
                    .as("main classes of " + module + " imported").isTrue();
        }
    }

    @Test
    void modulesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("schemas").definedBy("dev.modelregistry.schemas..")
                .layer("catalogs").definedBy("dev.modelregistry.catalogs..")
                .layer("streams").definedBy("dev.modelregistry.streams..")
                .layer("sync").definedBy("dev.modelregistry.sync..")
                .layer("api").definedBy("dev.modelregistry.api..")
                .layer("app").definedBy("dev.modelregistry.app..")
                .layer("client").definedBy("dev.modelregistry.client..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                // the client library is for other services: it reads the topics and the API, never the registry's code
                .whereLayer("client").mayNotBeAccessedByAnyLayer()
                .whereLayer("api").mayOnlyBeAccessedByLayers("app")
                .whereLayer("sync").mayOnlyBeAccessedByLayers("app")
                .whereLayer("streams").mayOnlyBeAccessedByLayers("api", "app")
                .whereLayer("catalogs").mayOnlyBeAccessedByLayers("sync", "api", "app")
                .whereLayer("schemas").mayOnlyBeAccessedByLayers("catalogs", "streams", "sync", "api", "app", "client")
                .check(main);
    }

    @Test
    void apiRoutesReadTheRegistryOnlyThroughTheClusterReadService() {
        // One read path: the routes ask ClusterReads; only it (api.cluster), the instance-to-instance
        // routes that serve its reads, the assembly and the error mapping touch the stores.
        noClasses().that().resideInAPackage("dev.modelregistry.api..")
                .and().resideOutsideOfPackage("dev.modelregistry.api.cluster..")
                .and().doNotHaveSimpleName("InternalRoutes").and().doNotHaveSimpleName("QueryApi").and().doNotHaveSimpleName("JsonErrors")
                .should().dependOnClassesThat().resideInAPackage("dev.modelregistry.streams..")
                .check(main);
    }
}
