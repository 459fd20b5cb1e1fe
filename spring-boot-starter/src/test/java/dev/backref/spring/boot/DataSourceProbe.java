package dev.backref.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.persistence.Backref;
import dev.backref.persistence.StatementRecorder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Watches the application's pool from inside the context: wraps the {@code DataSource} bean that
 * Spring Boot built (HikariCP) so that every statement sent through it is recorded ({@link
 * StatementRecorder}) and every connection taken from it is counted, and notes whether Flyway had
 * migrated the database when the {@link Backref} bean was initialized. Register it as a static
 * {@code @Bean}.
 */
final class DataSourceProbe implements BeanPostProcessor {

  private final AtomicInteger borrowed = new AtomicInteger();
  private volatile HikariDataSource pool;
  private volatile StatementRecorder recorder;
  private volatile String migratedWhenBackrefWasBuilt = "the Backref bean was not built";

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource hikari) {
      pool = hikari;
      recorder = StatementRecorder.wrap(hikari);
      return counting(recorder.dataSource());
    }
    if (bean instanceof Backref) {
      migratedWhenBackrefWasBuilt = appliedMigrations();
    }
    return bean;
  }

  /** The Flyway versions applied successfully when the {@code Backref} bean was initialized, as "1,2,3,4". */
  String migratedWhenBackrefWasBuilt() {
    return migratedWhenBackrefWasBuilt;
  }

  /** Statements sent through the application's data source. */
  StatementRecorder recorder() {
    return recorder;
  }

  /** Connections taken from the pool since the last {@link #reset()}. */
  int borrowed() {
    return borrowed.get();
  }

  /** Connections taken from the pool and not yet returned. */
  int inUse() {
    return pool.getHikariPoolMXBean().getActiveConnections();
  }

  /** A connection of the pool's own, outside any Spring transaction (the test must close it). */
  Connection separateConnection() throws SQLException {
    return pool.getConnection();
  }

  void reset() {
    recorder.reset();
    borrowed.set(0);
  }

  private String appliedMigrations() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select string_agg(version, ',' order by installed_rank) from flyway_schema_history where success")) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      return "not migrated: " + e.getMessage();
    }
  }

  private DataSource counting(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                borrowed.incrementAndGet();
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
