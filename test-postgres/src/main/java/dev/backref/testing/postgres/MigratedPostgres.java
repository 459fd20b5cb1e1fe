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
 * once, into a template database; each test class then gets a copy of the template ({@code CREATE
 * DATABASE ... TEMPLATE ...}), dropped after the class. Test classes therefore never see each
 * other's rows, and the start-up cost is paid once.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MigratedPostgresExtension.class)
public @interface MigratedPostgres {}
