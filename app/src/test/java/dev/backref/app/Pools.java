package dev.backref.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.TestDatabase;

/** A small HikariCP pool on a test database, as the app uses. Close it after the class. */
final class Pools {

  private Pools() {}

  static HikariDataSource pooled(TestDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(1);
    config.setPoolName("test-" + database.name());
    return new HikariDataSource(config);
  }
}
