package io.github.secretresolver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Checks that the packages follow the pipeline: each stage depends only on the stages before it,
 * so that a change has one obvious home.
 *
 * <pre>
 * reference → fetch → env → refresh → actuate, health, metrics → autoconfigure
 * </pre>
 *
 * The public API in {@code io.github.secretresolver} may be used by every stage and uses none.
 */
class ArchitectureTests {

	private static final String ROOT = "io.github.secretresolver";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void stagesDependOnlyOnEarlierStages() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("reference")
			.definedBy(ROOT + ".reference..")
			.layer("fetch")
			.definedBy(ROOT + ".fetch..")
			.layer("env")
			.definedBy(ROOT + ".env..")
			.layer("refresh")
			.definedBy(ROOT + ".refresh..")
			.layer("reporting")
			.definedBy(ROOT + ".actuate..", ROOT + ".health..", ROOT + ".metrics..")
			.layer("autoconfigure")
			.definedBy(ROOT + ".autoconfigure..")
			.whereLayer("autoconfigure")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("reporting")
			.mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("refresh")
			.mayOnlyBeAccessedByLayers("reporting", "autoconfigure")
			.whereLayer("env")
			.mayOnlyBeAccessedByLayers("refresh", "reporting", "autoconfigure")
			.whereLayer("fetch")
			.mayOnlyBeAccessedByLayers("env", "refresh", "reporting", "autoconfigure")
			.whereLayer("reference")
			.mayOnlyBeAccessedByLayers("fetch", "env", "refresh", "reporting", "autoconfigure")
			.check(classes);
	}

	@Test
	void publicApiDependsOnNoStage() {
		noClasses().that()
			.resideInAPackage(ROOT)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".(*)..")
			.check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void grammarKnowsNeitherSpringNorAws() {
		noClasses().that()
			.resideInAPackage(ROOT + ".reference..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "software.amazon..")
			.check(classes);
	}

	@Test
	void fetchingKnowsNoSpringBoot() {
		noClasses().that()
			.resideInAPackage(ROOT + ".fetch..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..")
			.check(classes);
	}

	@Test
	void autoConfigurationsArePublicAndFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.check(classes);
	}

}
