package dev.backref.spring.boot;

import dev.backref.persistence.Backref;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configures one {@link Backref} bean over the application's {@link DataSource}; nothing else.
 *
 * <ul>
 *   <li>Only when the application has one {@code DataSource} (or a primary one), and not when it
 *       defines a {@code Backref} bean of its own.
 *   <li>After the database initializers: Spring Boot's Flyway auto-configuration migrates first,
 *       with backref's scripts ({@code classpath:db/migration} in {@code backref-schema}) and the
 *       application's own, so the bean is never used on an unmigrated database.
 *   <li>{@code backref.batch-size} ({@link BackrefProperties}) sets {@link
 *       Backref.Builder#batchSize}.
 *   <li>With a {@link PlatformTransactionManager} (Spring Boot's {@code JdbcTransactionManager},
 *       or the application's only or primary one), backref joins its transactions: the bean works
 *       on a {@link TransactionAwareDataSourceProxy} and delimits its own transactions through
 *       {@link SpringManagedTransactions}, so a call inside {@code @Transactional} runs in that
 *       transaction and {@code backref.transaction(...)} is a savepoint in it. Without one, the
 *       bean manages its transactions as {@code Backref.create(dataSource)} does.
 * </ul>
 */
@AutoConfiguration(
    after = {
      DataSourceAutoConfiguration.class,
      DataSourceTransactionManagerAutoConfiguration.class,
      TransactionAutoConfiguration.class,
      FlywayAutoConfiguration.class
    })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(BackrefProperties.class)
public final class BackrefAutoConfiguration {

  /** Created by Spring. */
  BackrefAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @DependsOnDatabaseInitialization
  Backref backref(
      DataSource dataSource,
      ObjectProvider<PlatformTransactionManager> transactionManager,
      BackrefProperties properties) {
    PlatformTransactionManager manager = transactionManager.getIfUnique();
    Backref.Builder builder =
        manager == null
            ? Backref.builder(dataSource)
            : Backref.builder(new TransactionAwareDataSourceProxy(dataSource))
                .transactionProvider(new SpringManagedTransactions(manager));
    return builder.batchSize(properties.getBatchSize()).build();
  }
}
