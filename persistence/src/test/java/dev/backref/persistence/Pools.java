package dev.backref.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.TestDatabase;

/** A small HikariCP pool on a test database, as an application would use. Close it after the class. */
final class Pools {

  private Pools() {}

  static HikariDataSource pooled(TestDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(8);
    config.setPoolName(database.name());
    return new HikariDataSource(config);
  }
}
