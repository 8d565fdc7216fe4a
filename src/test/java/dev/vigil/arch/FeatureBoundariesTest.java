package dev.vigil.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.vigil.common.http.RunsToCompletion;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;

/**
 * Features talk to each other through their services and DTOs, never through another feature's
 * entities or repositories; shared plumbing in {@code common} knows no feature.
 */
class FeatureBoundariesTest {

    private static final String BASE = "dev.vigil";
    private static final List<String> FEATURES = List.of("auth", "user", "account", "notify", "audit", "ratelimit", "apikey",
            "quota", "checkin", "admin", "pages", "devtools");

    private final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void entitiesAndRepositoriesStayInsideTheirFeature() {
        for (String feature : FEATURES) {
            String own = BASE + "." + feature + "..";
            noClasses().that().resideOutsideOfPackage(own)
                    .should().dependOnClassesThat(persistenceOf(own))
                    .because("other features must go through " + feature + "'s services")
                    .check(main);
        }
    }

    @Test
    void resourcesDoNotTouchRepositoriesOrEntities() {
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat(persistenceOf(BASE + ".."))
                .because("resources are thin: they call one service method")
                .check(main);
    }

    /**
     * The features form layers (common; devtools; notify, audit, ratelimit, account; user; auth; apikey, quota,
     * checkin; admin; pages): a lower one that must make a higher one act does so through an
     * interface it owns (a listener such as {@code UserLifecycleListener}, a port such as
     * {@code PasswordConfirmation}), never by calling it.
     */
    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching(BASE + ".(*)..")
                .should().beFreeOfCycles()
                .check(main);
    }

    /** A client that hangs up must not cut a request's work off half-way (see {@code RunsToCompletion}). */
    @Test
    void everyResourceRunsItsRequestsToCompletion() {
        classes().that().areAnnotatedWith(Path.class).and().areNotInterfaces()
                .should().beAnnotatedWith(RunsToCompletion.class)
                .check(main);
    }

    @Test
    void commonKnowsNoFeature() {
        for (String feature : FEATURES) {
            noClasses().that().resideInAPackage(BASE + ".common..")
                    .should().dependOnClassesThat().resideInAPackage(BASE + "." + feature + "..")
                    .check(main);
        }
    }

    private static DescribedPredicate<JavaClass> persistenceOf(String packagePattern) {
        return DescribedPredicate.describe("entities or repositories in " + packagePattern,
                c -> c.getPackage().getName().matches(packagePattern.replace(".", "\\.").replace("\\.\\.", "(\\..*)?"))
                        && (c.isAnnotatedWith(Entity.class) || c.getSimpleName().endsWith("Repository")));
    }
}
