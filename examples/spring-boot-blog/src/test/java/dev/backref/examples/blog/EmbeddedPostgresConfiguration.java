package dev.backref.examples.blog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An embedded PostgreSQL 18 (real binaries, no installation, no Docker) in place of the one in
 * {@code application.properties}: Spring Boot builds its pool from these connection details
 * instead of {@code spring.datasource.*}, and Flyway migrates it as it would any database. It
 * starts with the application context and stops with it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
  }

  @Bean
  JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgres postgres) {
    return new JdbcConnectionDetails() {
      @Override
      public String getJdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
      }

      @Override
      public String getUsername() {
        return "postgres";
      }

      @Override
      public String getPassword() {
        return "";
      }
    };
  }
}
