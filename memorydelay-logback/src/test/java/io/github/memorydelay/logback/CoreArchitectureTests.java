package io.github.memorydelay.logback;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core stays free of Spring and of the mail API, so that it runs as a plain Logback
 * appender, and the mail package stays free of Spring, so that the plain appender sends
 * with Jakarta Mail alone.
 */
class CoreArchitectureTests {

	private static final String CORE = "io.github.memorydelay.logback";

	private static final String MAIL = "io.github.memorydelay.mail";

	private static final String JDBC = "io.github.memorydelay.jdbc";

	private static final JavaClasses JDBC_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(JDBC);

	/** Imported once: importing is the slow part. */
	private static final JavaClasses CORE_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(CORE);

	private static final JavaClasses MAIL_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(MAIL);

	@Test
	void coreIsImported() {
		assertThat(CORE_CLASSES.contain(DigestEngine.class)).isTrue();
		assertThat(CORE_CLASSES.contain(MemoryDelayTests.class)).isFalse();
	}

	@Test
	void coreDependsOnlyOnJavaLogbackAndItself() {
		// SLF4J's API comes with Logback classic, which implements it; the core formats
		// messages as Logback does, with its MessageFormatter
		classes().that()
			.resideInAPackage(CORE + "..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "ch.qos.logback..", "org.slf4j..", CORE + "..")
			.check(CORE_CLASSES);
	}

	@Test
	void mailPackageIsImported() {
		assertThat(MAIL_CLASSES.contain(io.github.memorydelay.mail.DigestMessageComposer.class)).isTrue();
	}

	@Test
	void mailPackageDependsOnlyOnJavaLogbackJakartaMailAndTheCore() {
		classes().that()
			.resideInAPackage(MAIL + "..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "ch.qos.logback..", "jakarta.mail..", "jakarta.activation..", CORE + "..",
					MAIL + "..")
			.check(MAIL_CLASSES);
	}

	@Test
	void jdbcStoreDependsOnlyOnJavaJdbcLogbackAndTheCore() {
		assertThat(JDBC_CLASSES.contain(io.github.memorydelay.jdbc.JdbcFleetStore.class)).isTrue();
		classes().that()
			.resideInAPackage(JDBC + "..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "javax.sql..", "ch.qos.logback..", CORE + "..", JDBC + "..")
			.check(JDBC_CLASSES);
	}

}
