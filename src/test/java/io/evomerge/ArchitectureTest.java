package io.evomerge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the design (README, "Design notes"), checked on the compiled main classes. Each layer lists
 * what it may use; anything not listed is refused. Tests are left out: they may wire what they test.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.evomerge");

    /** The one class that hands merged tensors to the DJL model (a candidate's weights into the resident encoder). */
    private static final String BRIDGE = "io.evomerge.experiment.SuiteScorer";

    @Test
    void packagesImportOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Util").definedBy("io.evomerge")
                .layer("Config").definedBy("io.evomerge.config..")
                .layer("Checkpoint").definedBy("io.evomerge.checkpoint..")
                .layer("Merge").definedBy("io.evomerge.merge..")
                .layer("Data").definedBy("io.evomerge.data..")
                .layer("Model").definedBy("io.evomerge.model..")
                .layer("Population").definedBy("io.evomerge.population..")
                .layer("Eval").definedBy("io.evomerge.eval..")
                .layer("Finetune").definedBy("io.evomerge.finetune..")
                .layer("Search").definedBy("io.evomerge.search..")
                .layer("Report").definedBy("io.evomerge.report..")
                .layer("Datasets").definedBy("io.evomerge.datasets..")
                .layer("Experiment").definedBy("io.evomerge.experiment..")
                .layer("Cli").definedBy("io.evomerge.cli..")

                .whereLayer("Util").mayNotAccessAnyLayer()
                .whereLayer("Config").mayOnlyAccessLayers("Util")
                // checkpoint's AtomicFiles is the project's atomic writer: every layer above may use it
                .whereLayer("Checkpoint").mayOnlyAccessLayers("Util")
                .whereLayer("Merge").mayOnlyAccessLayers("Checkpoint", "Config", "Util")
                .whereLayer("Data").mayOnlyAccessLayers("Config", "Util")
                .whereLayer("Model").mayOnlyAccessLayers("Data", "Checkpoint", "Config", "Util")
                .whereLayer("Population").mayOnlyAccessLayers("Model", "Data", "Checkpoint", "Util")
                .whereLayer("Eval").mayOnlyAccessLayers("Population", "Model", "Data", "Checkpoint", "Util")
                .whereLayer("Finetune").mayOnlyAccessLayers("Eval", "Population", "Model", "Data", "Checkpoint",
                        "Util")
                // a leaf: strategies know genes in [0, 1] and their own options, nothing of models or merging
                .whereLayer("Search").mayOnlyAccessLayers("Config", "Util")
                // the report orders its rows by the merge registry's method order (RowOrder)
                .whereLayer("Report").mayOnlyAccessLayers("Merge", "Checkpoint", "Util")
                .whereLayer("Datasets").mayOnlyAccessLayers("Data", "Checkpoint", "Util")
                .whereLayer("Experiment").mayOnlyAccessLayers("Datasets", "Report", "Search", "Finetune", "Eval",
                        "Population", "Model", "Data", "Merge", "Checkpoint", "Config", "Util")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.evomerge.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void mergeIsFreeOfDjlExceptItsDeviceBackend() {
        noClasses().that().resideInAPackage("io.evomerge.merge..")
                .and().resideOutsideOfPackage("io.evomerge.merge.device..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .check(MAIN);
    }

    /**
     * Outside merge, exactly one class uses both merging and the DJL model (DJL itself, the model package, eval's
     * classes that run it, such as the task suite that holds the resident encoder): the bridge. Everything else talks to one side only (the run wires
     * fine-tuning, which writes its own models, and merging, but never hands merged tensors to DJL itself).
     */
    @Test
    void oneBridgeBetweenMergeAndTheDjlModel() {
        DescribedPredicate<JavaClass> djlOrModel = DescribedPredicate.describe("DJL or the model",
                c -> c.getPackageName().startsWith("ai.djl") || c.getPackageName().startsWith("io.evomerge.model"));
        // eval's classes that run the model (the suite, the scorer, encoded splits); its plain-Java metrics,
        // predictions and bootstrap carry results to either side
        DescribedPredicate<JavaClass> djlSide = DescribedPredicate.describe("the DJL model side",
                c -> djlOrModel.test(c)
                        || c.getPackageName().startsWith("io.evomerge.eval") && dependsOn(c, djlOrModel));
        classes().that().resideOutsideOfPackage("io.evomerge.merge..")
                .and().resideInAPackage("io.evomerge..").and().areTopLevelClasses()
                .and(dependOnBoth(DescribedPredicate.describe("merge",
                        c -> c.getPackageName().startsWith("io.evomerge.merge")), djlSide))
                .should().haveFullyQualifiedName(BRIDGE)
                .check(MAIN);
        classes().that().haveFullyQualifiedName(BRIDGE).should()
                .dependOnClassesThat().resideInAPackage("io.evomerge.merge..").check(MAIN);
    }

    private static DescribedPredicate<JavaClass> dependOnBoth(DescribedPredicate<JavaClass> a,
                                                              DescribedPredicate<JavaClass> b) {
        return DescribedPredicate.describe("depend on both " + a.getDescription() + " and " + b.getDescription(),
                c -> dependsOn(c, a) && dependsOn(c, b));
    }

    /** Whether {@code c} or a class nested in it (records, lambdas' and anonymous classes) uses {@code target}. */
    private static boolean dependsOn(JavaClass c, DescribedPredicate<JavaClass> target) {
        return MAIN.stream()
                .filter(k -> k.getName().equals(c.getName()) || k.getName().startsWith(c.getName() + "$"))
                .flatMap(k -> k.getDirectDependenciesFromSelf().stream())
                .anyMatch(d -> target.test(d.getTargetClass()));
    }
}
