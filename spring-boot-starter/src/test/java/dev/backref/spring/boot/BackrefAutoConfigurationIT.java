package dev.backref.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.UserFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What the auto-configuration creates, from which properties, in which order, and when it backs
 * off: each case starts a Spring Boot context with the real auto-configurations on an empty
 * PostgreSQL database of its own.
 */
class BackrefAutoConfigurationIT {

  private final ApplicationContextRunner boot =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  DataSourceTransactionManagerAutoConfiguration.class,
                  TransactionAutoConfiguration.class,
                  FlywayAutoConfiguration.class,
                  BackrefAutoConfiguration.class))
          .withBean(DataSourceProbe.class);

  @Test
  void flywayMigratesTheEmptyDatabaseBeforeTheBackrefBeanIsBuilt() {
    // The application's service is created first (user beans come before auto-configured ones) and
    // asks for the Backref bean at once: Backref must still wait for Flyway.
    boot.withPropertyValues(SpringPostgres.properties())
        .withUserConfiguration(ServiceUsingBackref.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Backref.class);
              assertThat(context.getBean(DataSourceProbe.class).migratedWhenBackrefWasBuilt()).isEqualTo("1,2,3,4");
              Backref backref = context.getBean(Backref.class);
              assertThat(backref.users().create("alice").id()).isPositive();
              assertThat(backref.batchSize()).isEqualTo(Backref.DEFAULT_BATCH_SIZE);
            });
  }

  @Test
  void theApplicationsOwnMigrationsRunInTheSameFlyway() {
    boot.withPropertyValues(SpringPostgres.properties())
        .withPropertyValues("spring.flyway.locations=classpath:db/migration,classpath:db/blog")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(DataSourceProbe.class).migratedWhenBackrefWasBuilt()).isEqualTo("1,2,3,4,5");
              Backref backref = context.getBean(Backref.class);
              User bob = backref.users().create("bob", List.of(new NewPost("Saved", "...")));
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              jdbc.update("insert into bookmarks (user_id, post_id) values (?, ?)", bob.id(), bob.posts().get().getFirst().id());
              assertThat(jdbc.queryForObject("select count(*) from bookmarks", Long.class)).isEqualTo(1);
            });
  }

  @Test
  void backrefBatchSizeIsBound() {
    boot.withPropertyValues(SpringPostgres.properties())
        .withPropertyValues("backref.batch-size=2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Backref backref = context.getBean(Backref.class);
              assertThat(backref.batchSize()).isEqualTo(2);
              for (int i = 0; i < 5; i++) {
                backref.users().create("user-" + i, List.of(new NewPost("Post " + i, "...")));
              }
              DataSourceProbe probe = context.getBean(DataSourceProbe.class);
              probe.reset();

              List<User> users = backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);

              assertThat(users).hasSize(5).allSatisfy(user -> assertThat(user.posts().get()).hasSize(1));
              assertThat(probe.recorder().count()).as("the users, then their posts 2 users at a time").isEqualTo(1 + 3);
            });
  }

  @Test
  void aBatchSizeOutOfRangeStopsTheApplicationWithTheReason() {
    boot.withPropertyValues(SpringPostgres.properties())
        .withPropertyValues("backref.batch-size=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batchSize must be between 1 and 65535, was 0"));
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnBackref() {
    boot.withPropertyValues(SpringPostgres.properties())
        .withUserConfiguration(OwnBackref.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Backref.class);
              assertThat(context.getBean(Backref.class)).isSameAs(context.getBean(OwnBackref.class).built);
              assertThat(context.getBean(Backref.class).batchSize()).isEqualTo(7);
            });
  }

  @Test
  void withoutATransactionManagerBackrefRunsItsOwnTransactions() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class, BackrefAutoConfiguration.class))
        .withPropertyValues(SpringPostgres.properties())
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(PlatformTransactionManager.class).hasSingleBean(Backref.class);
              Backref backref = context.getBean(Backref.class);
              backref.transaction(tx -> tx.users().create("carol"));
              assertThatThrownBy(() -> backref.transaction(tx -> {
                tx.users().create("dave");
                throw new IllegalStateException("roll back");
              })).hasMessage("roll back");
              assertThat(backref.users().findAll(UserFilter.all(), FetchPolicy.NONE)).extracting(User::username).containsExactly("carol");
            });
  }

  @Test
  void nothingWithoutADataSource() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BackrefAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Backref.class));
  }

  @Test
  void theBatchSizePropertyIsDescribedForIdes() throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("written by spring-boot-configuration-processor").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Object> defaults = JsonPath.read(json, "$.properties[?(@.name == 'backref.batch-size')].defaultValue");
    List<String> descriptions = JsonPath.read(json, "$.properties[?(@.name == 'backref.batch-size')].description");
    assertThat(defaults).containsExactly(Backref.DEFAULT_BATCH_SIZE);
    assertThat(descriptions).singleElement().asString().contains("SELECT_IN");
  }

  /** An application service that needs the Backref bean as soon as it is created. */
  static class ServiceUsingBackref {
    record BlogService(Backref backref) {}

    @Bean
    BlogService blogService(Backref backref) {
      return new BlogService(backref);
    }
  }

  /** An application's own Backref bean (no {@code @Configuration}: the runner registers it). */
  static class OwnBackref {
    Backref built;

    @Bean
    Backref ownBackref(DataSource dataSource) {
      built = Backref.builder(dataSource).batchSize(7).build();
      return built;
    }
  }
}
