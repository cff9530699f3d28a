package io.github.memorydelay;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.memorydelay.logback.MemoryDelayAppender;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's shape: no Spring anywhere, the mail API only in the {@code mail} package
 * (the appender runs without it until it sends), packages by concern without cycles, and
 * dependencies that run one way: {@code digest} ← {@code render} ← {@code delivery} ←
 * {@code policy} ← {@code fleet} ← {@code pipeline} ← {@code logback}, with {@code mail}
 * and {@code jdbc} on the side.
 */
class LibraryArchitectureTests {

	private static final String LIBRARY = "io.github.memorydelay";

	/** Imported once: importing is the slow part. */
	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(LIBRARY);

	@Test
	void theLibraryIsImportedWithoutItsTests() {
		assertThat(CLASSES.contain(MemoryDelay.class)).isTrue();
		assertThat(CLASSES.contain(MemoryDelayAppender.class)).isTrue();
		assertThat(CLASSES.contain(LibraryArchitectureTests.class)).isFalse();
	}

	@Test
	void theLibraryDependsOnJavaLogbackAndItselfOnly() {
		// SLF4J's API comes with Logback classic, which implements it; the pipeline
		// formats messages as Logback does, with its MessageFormatter
		classes().that()
			.resideInAPackage(LIBRARY + "..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "javax.sql..", "ch.qos.logback..", "org.slf4j..", "jakarta.mail..",
					"jakarta.activation..", LIBRARY + "..")
			.check(CLASSES);
	}

	@Test
	void onlyTheMailPackageUsesTheMailApi() {
		classes().that()
			.resideInAPackage(LIBRARY + "..")
			.and()
			.resideOutsideOfPackage(LIBRARY + ".mail..")
			.should()
			.onlyDependOnClassesThat()
			.resideOutsideOfPackages("jakarta.mail..", "jakarta.activation..")
			.check(CLASSES);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching(LIBRARY + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void dependenciesRunOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("digest")
			.definedBy(LIBRARY + ".digest..")
			.layer("render")
			.definedBy(LIBRARY + ".render..")
			.layer("delivery")
			.definedBy(LIBRARY + ".delivery..")
			.layer("policy")
			.definedBy(LIBRARY + ".policy..")
			.layer("fleet")
			.definedBy(LIBRARY + ".fleet..")
			.layer("pipeline")
			.definedBy(LIBRARY + ".pipeline..")
			.layer("logback")
			.definedBy(LIBRARY + ".logback..")
			.layer("mail")
			.definedBy(LIBRARY + ".mail..")
			.layer("jdbc")
			.definedBy(LIBRARY + ".jdbc..")
			.whereLayer("jdbc")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("mail")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("logback")
			.mayOnlyBeAccessedByLayers("mail")
			.whereLayer("pipeline")
			.mayOnlyBeAccessedByLayers("logback", "mail")
			.whereLayer("fleet")
			.mayOnlyBeAccessedByLayers("pipeline", "logback", "jdbc")
			.whereLayer("policy")
			.mayOnlyBeAccessedByLayers("fleet", "pipeline", "logback", "mail", "jdbc")
			.whereLayer("delivery")
			.mayOnlyBeAccessedByLayers("policy", "fleet", "pipeline", "logback", "mail", "jdbc")
			.whereLayer("render")
			.mayOnlyBeAccessedByLayers("delivery", "policy", "fleet", "pipeline", "logback", "mail", "jdbc")
			.check(CLASSES);
	}

}
