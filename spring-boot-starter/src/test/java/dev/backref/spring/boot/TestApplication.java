package dev.backref.spring.boot;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application the starter's tests start: Spring Boot's auto-configuration (DataSource,
 * transaction manager, Flyway, backref), a {@code @Transactional} service and the {@link
 * DataSourceProbe}.
 */
@SpringBootApplication
class TestApplication {

  @Bean
  static DataSourceProbe dataSourceProbe() {
    return new DataSourceProbe();
  }
}
