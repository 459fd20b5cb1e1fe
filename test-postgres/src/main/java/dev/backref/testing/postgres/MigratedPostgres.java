package dev.backref.testing.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a PostgreSQL database of its own, migrated with the Flyway
 * scripts on the test classpath ({@code classpath:db/migration}). Test methods, constructors and
 * {@code @BeforeAll}/{@code @BeforeEach} methods may declare parameters of type {@link
 * TestDatabase}, {@link javax.sql.DataSource} or {@link PostgresServer}.
 *
 * <pre>{@code
 * @MigratedPostgres
 * class PostsIT {
 *   @Test
 *   void cascadeDeletesPosts(DataSource dataSource) { ... }
 * }
 * }</pre>
 *
 * <p>The server is found once per test run (see {@link PostgresServers}) and the migrations run
 * once per set of locations, into a template database; each test class then gets a copy of the
 * template ({@code CREATE DATABASE ... TEMPLATE ...}), dropped after the class. Test classes
 * therefore never see each other's rows, and the start-up cost is paid once.
 *
 * <p>Extra migration locations, run after {@code classpath:db/migration}, come from two places:
 * {@link #extraLocations()} on the class, and the system property {@value
 * MigratedPostgresExtension#MIGRATIONS_PROPERTY} (or environment variable {@value
 * MigratedPostgresExtension#MIGRATIONS_ENV}) for every class of the run: a comma-separated list of
 * Flyway locations or of set names, where {@code citus} stands for {@code classpath:db/citus}.
 *
 * <pre>{@code
 * @MigratedPostgres(extraLocations = "classpath:db/citus")
 * class ReshapedKeysIT extends WritesIT {}   // WritesIT's tests, on the reshaped schema
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MigratedPostgresExtension.class)
public @interface MigratedPostgres {

  /** Flyway locations migrated after {@code classpath:db/migration}, in this order; none by default. */
  String[] extraLocations() default {};
}
