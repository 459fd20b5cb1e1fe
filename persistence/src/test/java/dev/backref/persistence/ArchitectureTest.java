package dev.backref.persistence;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.backref.persistence", "dev.backref.domain", "dev.backref.schema");

  @Test
  void modulePackagesAreFreeOfCycles() {
    // One slice per module package; jOOQ's generated classes cycle among themselves by design.
    slices().matching("dev.backref.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void implementationsArePackagePrivateAndFinal() {
    classes()
        .that()
        .haveSimpleNameStartingWith("Jooq")
        .should()
        .notBePublic()
        .andShould()
        .haveModifier(JavaModifier.FINAL)
        .check(CLASSES);
  }

  @Test
  void theDomainKnowsNothingOfPersistence() {
    noClasses()
        .that()
        .resideInAPackage("dev.backref.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.backref.persistence..", "dev.backref.schema..")
        .check(CLASSES);
  }

  @Test
  void onlyMicrometerMetricsNeedsMicrometerWhichIsOptional() {
    // micrometer-core is an optional dependency: the rest of the library must load without it.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(MicrometerMetrics.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(MicrometerMetrics.Builder.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..")
        .check(CLASSES);
  }

  @Test
  void theLibraryNeverDependsOnBuildOrTestSupport() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.backref.testing..", "dev.backref.codegen..", "io.zonky..", "org.testcontainers..")
        .check(CLASSES);
  }
}
