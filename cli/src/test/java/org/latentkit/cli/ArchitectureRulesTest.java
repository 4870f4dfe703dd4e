package org.latentkit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentkit.core.nd.Scalars;
import org.latentkit.trainers.tsne.Tsne;

/** Rules that hold for latentkit's main code in every module, checked on the compiled classes. */
class ArchitectureRulesTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(
                                location ->
                                        !location.contains("-tests.jar")
                                                && !location.contains("/test-classes/"))
                        .importPackages("org.latentkit");
    }

    /** NDArray's scalar overloads whose scalar autograd saves (see {@link Scalars}). */
    private static final Set<String> SAVED_SCALAR_OPS =
            Set.of("mul", "div", "pow", "maximum", "minimum", "rdiv", "muli", "divi", "powi");

    private static final DescribedPredicate<JavaMethodCall> UNSAFE_SCALAR_CALL =
            DescribedPredicate.describe(
                    "NDArray/NDArrays mul, div, pow, maximum or minimum with a Number",
                    call ->
                            (call.getTargetOwner().isAssignableTo(NDArray.class)
                                            || call.getTargetOwner().isEquivalentTo(NDArrays.class))
                                    && SAVED_SCALAR_OPS.contains(call.getName())
                                    && call.getTarget().getRawParameterTypes().stream()
                                            .anyMatch(t -> t.isEquivalentTo(Number.class)));

    @Test
    void givenMainCodeThenNoScalarOverloadThatAutogradCanReadAfterItIsFreed() {
        ArchRule rule =
                noClasses()
                        .that()
                        .doNotHaveFullyQualifiedName(Scalars.class.getName())
                        // t-SNE's gradient is written by hand: no autograd graph, nothing saved.
                        .and()
                        .doNotHaveFullyQualifiedName(Tsne.class.getName())
                        .should()
                        .callMethodWhere(UNSAFE_SCALAR_CALL)
                        .because(
                                "on PyTorch the scalar's Java buffer can be freed before backward"
                                        + " reads it; use org.latentkit.core.nd.Scalars");
        rule.check(main);
    }

    @Test
    void givenMainCodeThenNoReflectionIntoPrivateState() {
        // Optimiser state and checkpoints go through public API only (issue 12): one DJL upgrade
        // must not silently turn a resume into a restart. (Instantiating a block factory by its
        // public class name, as DJL's own blockFactory does, reads no private state.)
        noClasses()
                .should()
                .callMethod(
                        java.lang.reflect.AccessibleObject.class, "setAccessible", boolean.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(java.lang.reflect.Field.class)
                .because("latentkit reads DJL's state through public API only")
                .check(main);
    }

    @Test
    void givenModulesBelowCliThenNoEngineClass() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.latentkit.api..",
                        "org.latentkit.blocks..",
                        "org.latentkit.losses..",
                        "org.latentkit.trainers..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl.pytorch..", "ai.djl.mxnet..")
                .because("engines are runtime dependencies of cli only")
                .check(main);
    }

    @Test
    void givenModulesThenDependenciesPointDownward() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.latentkit.api..", "org.latentkit.blocks..", "org.latentkit.losses..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.latentkit.trainers..", "org.latentkit.cli..")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("org.latentkit.trainers..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.latentkit.cli..")
                .check(main);
    }

    @Test
    void givenPackagesThenNoCycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.latentkit.(**)")
                .should()
                .beFreeOfCycles()
                .check(main);
    }
}
