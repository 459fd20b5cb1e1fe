package dev.backref.spring.boot;

import java.util.Objects;
import org.jooq.Transaction;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A jOOQ {@link TransactionProvider} that delimits backref's transactions in a Spring {@link
 * PlatformTransactionManager}, with {@link TransactionDefinition#PROPAGATION_NESTED}: inside a
 * Spring transaction (a {@code @Transactional} method) {@code backref.transaction(...)} is a
 * savepoint in it, rolled back alone when its work throws; outside one it is a transaction of its
 * own. Spring Boot's jOOQ {@code SpringTransactionProvider} does the same; this one saves the
 * starter a dependency on Boot's jOOQ auto-configuration.
 *
 * <p>Pair it with a data source that hands out the transaction's connection, as {@link
 * BackrefAutoConfiguration} does:
 *
 * <pre>{@code
 * Backref backref = Backref.builder(new TransactionAwareDataSourceProxy(dataSource))
 *     .transactionProvider(new SpringManagedTransactions(transactionManager))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe, as the transaction manager is.
 */
public final class SpringManagedTransactions implements TransactionProvider {

  private static final TransactionDefinition NESTED =
      new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

  private final PlatformTransactionManager transactionManager;

  /**
   * Transactions in {@code transactionManager}, which must manage the data source backref uses (a
   * {@code DataSourceTransactionManager} or {@code JdbcTransactionManager} over it).
   *
   * @throws NullPointerException if {@code transactionManager} is null
   */
  public SpringManagedTransactions(PlatformTransactionManager transactionManager) {
    this.transactionManager = Objects.requireNonNull(transactionManager, "transactionManager");
  }

  @Override
  public void begin(TransactionContext context) {
    context.transaction(new Status(transactionManager.getTransaction(NESTED)));
  }

  @Override
  public void commit(TransactionContext context) {
    transactionManager.commit(status(context));
  }

  @Override
  public void rollback(TransactionContext context) {
    transactionManager.rollback(status(context));
  }

  private static TransactionStatus status(TransactionContext context) {
    if (context.transaction() instanceof Status status) {
      return status.status();
    }
    throw new IllegalStateException("Not a transaction begun by " + SpringManagedTransactions.class.getSimpleName() + ": " + context.transaction());
  }

  /** The Spring transaction (or savepoint) behind one jOOQ transaction. */
  private record Status(TransactionStatus status) implements Transaction {}
}
