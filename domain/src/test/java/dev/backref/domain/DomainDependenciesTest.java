package dev.backref.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DomainDependenciesTest {

  private static final JavaClasses DOMAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.backref.domain");

  @Test
  void domainClassesUseNoJooqJdbcOrFlyway() {
    assertThat(DOMAIN).extracting(c -> c.getName()).contains(User.class.getName(), Post.class.getName());

    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..", "org.flywaydb..", "org.postgresql..")
        .check(DOMAIN);
  }

  @Test
  void domainClasspathHasNoJooqJdbcDriverOrFlyway() {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);

    assertThat(entries).isNotEmpty();
    assertThat(Arrays.stream(entries).map(entry -> new File(entry).getName()))
        .noneMatch(name -> name.startsWith("jooq") || name.startsWith("flyway") || name.startsWith("postgresql"));
  }
}
