package dev.backref.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionProvider;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * The entry point: repositories for users, posts and tags over one PostgreSQL {@link DataSource}, and
 * transactions spanning several repository calls.
 *
 * <pre>{@code
 * Backref backref = Backref.builder(dataSource).batchSize(500).build();
 * User alice = backref.users().getByUsername("alice", FetchPolicy.SELECT_IN);
 *
 * User bob = backref.transactionResult(tx -> {
 *   User created = tx.users().create("bob");
 *   tx.posts().create(created.id(), new NewPost("Hi", "..."));
 *   return created;
 * });
 * }</pre>
 *
 * <p>Thread-safe and cheap to keep: it holds no connection. Each call borrows a connection from the
 * data source (use a pool such as HikariCP in production) and returns it before returning, except
 * {@link UserRepository#streamAll} streams, which hold theirs until closed. Lazy relations ({@link
 * FetchPolicy#LAZY}, {@link FetchPolicy#BATCH}) and {@link PostQuery dynamic} queries keep using the
 * data source after the call that loaded them returned, also after a transaction ended: they see
 * the committed data as of their first access, and throw jOOQ's {@code DataAccessException} if the
 * database cannot be reached then.
 *
 * <p>To join transactions managed outside backref (Spring's {@code @Transactional}), build it with
 * {@link Builder#transactionProvider}.
 */
public final class Backref {

  /** The default batch size for {@link FetchPolicy#SELECT_IN}, {@link FetchPolicy#BATCH} and streams: SQLAlchemy's 500. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  static final SQLDialect DIALECT = SQLDialect.POSTGRES;

  private final DataSource dataSource;
  private final Settings settings;
  private final Configuration perConnection;
  private final TransactionProvider transactionProvider;
  private final DSLContext detached;
  private final DSLContext current;
  private final boolean inTransaction;
  private final int batchSize;
  private final Listeners listener;
  /** Where reads outside a transaction go: the replica's instance, or null to read here. */
  private final Backref replica;
  private final OnReplicaFailure onReplicaFailure;
  /** This instance with reads on the primary: itself when there is no replica. */
  private final Backref primary;
  private final UserRepository users;
  private final PostRepository posts;
  private final TagRepository tags;

  private Backref(
      DataSource dataSource,
      Settings settings,
      TransactionProvider transactionProvider,
      DSLContext current,
      boolean inTransaction,
      int batchSize,
      Listeners listener,
      Backref replica,
      OnReplicaFailure onReplicaFailure) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.perConnection = configuration(settings);
    this.transactionProvider = transactionProvider;
    DSLContext onDataSource = DSL.using(configuration(settings).set(dataSource));
    this.detached =
        transactionProvider == null ? onDataSource : DSL.using(onDataSource.configuration().derive(transactionProvider));
    this.current = current == null ? detached : current;
    this.inTransaction = inTransaction;
    this.batchSize = batchSize;
    this.listener = listener;
    this.replica = replica;
    this.onReplicaFailure = onReplicaFailure;
    this.primary = replica == null
        ? this
        : new Backref(dataSource, settings, transactionProvider, null, false, batchSize, listener, null, onReplicaFailure);
    this.users = new JooqUserRepository(this);
    this.posts = new JooqPostRepository(this);
    this.tags = new JooqTagRepository(this);
  }

  /** A {@code Backref} with default settings over {@code dataSource}. */
  public static Backref create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** A builder for a {@code Backref} over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The user repository. */
  public UserRepository users() {
    return users;
  }

  /** The post repository. */
  public PostRepository posts() {
    return posts;
  }

  /** The tag repository. */
  public TagRepository tags() {
    return tags;
  }

  /** The batch size of {@link FetchPolicy#SELECT_IN}, {@link FetchPolicy#BATCH} and streams. */
  public int batchSize() {
    return batchSize;
  }

  /** Whether this instance is bound to a transaction (it was handed to a transaction callback). */
  public boolean inTransaction() {
    return inTransaction;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
   * (the exception propagates unchanged). The {@code Backref} passed to {@code work} is bound to the
   * transaction; use it, not this one, inside. Nesting is supported: a transaction started from a
   * bound instance is a savepoint, rolled back alone if its work throws.
   *
   * <pre>{@code
   * long id = backref.transactionResult(tx -> tx.users().create("carol").id());
   * }</pre>
   */
  public <T> T transactionResult(Function<? super Backref, ? extends T> work) {
    Objects.requireNonNull(work, "work");
    try {
      return current.transactionResult(
          configuration ->
              work.apply(new Backref(dataSource, settings, transactionProvider, configuration.dsl(), true, batchSize, listener, null, onReplicaFailure)));
    } catch (DataAccessException e) {
      throw PreparedStatementPoolingException.translate(e);   // commit and rollback bypass jOOQ's execute listeners
    }
  }

  /** {@link #transactionResult} for work without a result. */
  public void transaction(Consumer<? super Backref> work) {
    Objects.requireNonNull(work, "work");
    transactionResult(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /**
   * This {@code Backref} with every read sent to the primary: read-your-writes for a call or a
   * scope, when it was built with a {@linkplain Builder#replica replica}. Without one, or inside a
   * transaction (whose reads go to the primary anyway), it is this instance.
   *
   * <pre>{@code
   * Post post = backref.posts().create(alice.id(), new NewPost("Hi", "..."));
   * User fresh = backref.primary().users().getById(alice.id(), FetchPolicy.SELECT_IN); // has "Hi"
   * }</pre>
   *
   * <p>Thread-safe; the same instance on every call.
   */
  public Backref primary() {
    return primary;
  }

  /**
   * Runs a read where reads go: on the replica's instance outside a transaction when there is a
   * replica, else on this one. A replica that cannot be reached is a {@link
   * ReplicaUnavailableException}, or the read runs again on the primary if {@link
   * OnReplicaFailure#READ_FROM_PRIMARY} says so.
   */
  <T> T read(Function<Backref, T> work) {
    if (!routesReads()) {
      return work.apply(this);
    }
    try {
      return work.apply(replica);
    } catch (RuntimeException e) {
      if (!ReplicaUnavailableException.isConnectionFailure(e)) {
        throw e;
      }
      if (onReplicaFailure == OnReplicaFailure.READ_FROM_PRIMARY) {
        return work.apply(primary);
      }
      throw new ReplicaUnavailableException(e);
    }
  }

  /** Whether reads go somewhere else than this instance: to a replica, outside a transaction. */
  boolean routesReads() {
    return replica != null && !inTransaction;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** The registered listeners as one, or null when none is: the engine then measures nothing. */
  BackrefListener listener() {
    return listener;
  }

  /** The context of the current unit of work: the transaction, or autocommit on the data source. */
  DSLContext dsl() {
    return current;
  }

  /** A context on the data source, never on a transaction: for lazy loads after the call returned. */
  DSLContext detached() {
    return detached;
  }

  /** A context on {@code connection} (which the caller releases) with backref's settings and listeners. */
  DSLContext using(Connection connection) {
    return DSL.using(perConnection.derive(new DefaultConnectionProvider(connection)));
  }

  /**
   * The jOOQ configuration of every context: the dialect, the settings, and the listener that
   * explains a pooler that the JDBC settings do not fit ({@link PreparedStatementPoolingException}).
   */
  private static Configuration configuration(Settings settings) {
    return new DefaultConfiguration().set(DIALECT).set(settings).set(PreparedStatementPoolingException.Listener.INSTANCE);
  }

  /** Runs several statements on one connection (the transaction's, if any) without a transaction of its own. */
  <T> T onOneConnection(Function<DSLContext, T> work) {
    if (inTransaction) {
      return work.apply(current);
    }
    return detached.connectionResult((Connection connection) -> work.apply(using(connection)));
  }

  /**
   * Runs a write that may be refused by a constraint: inside a transaction as a savepoint (so that
   * a refusal does not abort the caller's transaction), otherwise on one autocommit connection.
   * A transaction begun outside backref counts (see {@link #inOuterTransaction}).
   */
  <T> T write(Function<DSLContext, T> work) {
    if (inTransaction) {
      return atomically(work);
    }
    return detached.connectionResult(
        (Connection connection) ->
            inOuterTransaction(connection) ? atomically(work) : work.apply(using(connection)));
  }

  /**
   * Runs one write statement that a constraint may refuse, in one round trip: alone outside a
   * transaction (a statement is atomic), else between a savepoint and its release sent with it, so
   * that a refusal leaves the transaction usable (see {@link Rows#readInSavepoint}).
   */
  int writeStatement(String sql, Object[] binds, Rows.Reader reader) {
    if (inTransaction) {
      return Rows.readInSavepoint(current, sql, binds, reader);
    }
    return detached.connectionResult(
        (Connection connection) ->
            inOuterTransaction(connection)
                ? Rows.readInSavepoint(using(connection), sql, binds, reader)
                : Rows.read(using(connection), sql, binds, reader));
  }

  /**
   * Whether {@code connection}, obtained from the data source by an instance not bound to a
   * transaction, is already in a transaction that the owner of the {@linkplain
   * Builder#transactionProvider transaction provider} manages (the transaction of a Spring
   * {@code @Transactional} method): auto-commit is off. Never with jOOQ's default provider, where
   * such a connection only means that the pool disables auto-commit.
   */
  boolean inOuterTransaction(Connection connection) throws SQLException {
    return transactionProvider != null && !connection.getAutoCommit();
  }

  /** Runs {@code work} atomically: in the current transaction (as a savepoint) or in a new one. */
  <T> T atomically(Function<DSLContext, T> work) {
    try {
      return current.transactionResult(configuration -> work.apply(configuration.dsl()));
    } catch (DataAccessException e) {
      throw PreparedStatementPoolingException.translate(e);   // commit and rollback bypass jOOQ's execute listeners
    }
  }

  /**
   * Configures a {@link Backref}.
   *
   * <pre>{@code
   * Backref backref = Backref.builder(dataSource).batchSize(200).build();
   * }</pre>
   *
   * <p>Not thread-safe; the built {@code Backref} is.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private final List<BackrefListener> listeners = new ArrayList<>();
    private TransactionProvider transactionProvider;
    private DataSource replica;
    private OnReplicaFailure onReplicaFailure = OnReplicaFailure.FAIL;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The number of ids per {@code = any(?)} statement for {@link FetchPolicy#SELECT_IN} and {@link
     * FetchPolicy#BATCH}, and the number of users per batch in streams. Default {@value
     * #DEFAULT_BATCH_SIZE}.
     *
     * <p>A larger batch sends fewer statements for large loads (for 100,000 users, 5,000 instead of
     * 500 brought {@code SELECT_IN} from 1.16x to 1.02x the time of hand-written JDBC in the project's
     * benchmarks) but keeps more users' posts in memory per {@code BATCH} load and per stream batch.
     *
     * @throws IllegalArgumentException if not between 1 and 65,535
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 65_535) {
        throw new IllegalArgumentException("batchSize must be between 1 and 65535, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Adds a listener that hears every read and lazy load of the built {@code Backref} (and of the
     * instances its transactions hand out): statements, rows, time, and lazy loads per relation;
     * {@link MicrometerMetrics} is one. Call again to add more; they are called in the order added.
     * Without any, the engine measures nothing and allocates nothing for it.
     *
     * <pre>{@code
     * Backref backref = Backref.builder(dataSource).listener(MicrometerMetrics.of(registry)).build();
     * }</pre>
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(BackrefListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The jOOQ {@link TransactionProvider} that begins, commits and rolls back {@link
     * Backref#transaction} and {@link Backref#transactionResult} (a nested one too) and the
     * savepoints around writes that a constraint may refuse. Default: jOOQ's own, on one
     * connection of the data source per transaction, with savepoints when nested.
     *
     * <p>Set it, together with a data source that hands out the connection of the current
     * transaction, to join transactions managed outside backref. For Spring (what {@code
     * backref-spring-boot-starter} configures, with a provider that begins {@code
     * PROPAGATION_NESTED} transactions in the {@code PlatformTransactionManager}, as Spring Boot's
     * jOOQ {@code SpringTransactionProvider} does):
     *
     * <pre>{@code
     * Backref backref = Backref.builder(new TransactionAwareDataSourceProxy(dataSource))
     *     .transactionProvider(new SpringManagedTransactions(transactionManager))
     *     .build();
     * }</pre>
     *
     * <p>Then, inside a Spring transaction, repository calls run on its connection and see its
     * uncommitted rows, and {@code backref.transaction(...)} is a savepoint in it; outside one,
     * {@code backref.transaction(...)} is a transaction of its own. With a provider set, a call
     * made outside backref's own transactions that gets a connection with auto-commit off takes it
     * to be in such a transaction: a write that a constraint may refuse runs in a nested
     * transaction of the provider (a savepoint, so that a refusal leaves the caller's transaction
     * usable), and a {@link UserRepository#streamAll} stream reads in it and leaves it open. Lazy
     * relations load through the data source when first read: in the transaction current then,
     * if any.
     *
     * <p>backref's own settings (dialect, name quoting) still apply: the provider only delimits
     * transactions. It is shared by every thread that uses the built {@code Backref} and must be
     * thread-safe (Spring's and jOOQ's are).
     *
     * @throws NullPointerException if {@code transactionProvider} is null
     */
    public Builder transactionProvider(TransactionProvider transactionProvider) {
      this.transactionProvider = Objects.requireNonNull(transactionProvider, "transactionProvider");
      return this;
    }

    /**
     * A data source for reads: a pool over one or more streaming replicas of the primary (for
     * example pgjdbc's {@code jdbc:postgresql://r1,r2/blog?targetServerType=preferSecondary&loadBalanceHosts=true}).
     * Reads outside a transaction go there; every write, and every read inside {@link
     * Backref#transaction}, goes to the primary. Relations that load later ({@link
     * FetchPolicy#LAZY}, {@link FetchPolicy#BATCH}, {@link FetchPolicy#DYNAMIC}) load from where
     * their root was read: a lazy relation of a user read from a replica may miss a post written
     * a moment ago, as the user itself may. Read your own writes with {@link Backref#primary()}.
     *
     * <pre>{@code
     * Backref backref = Backref.builder(primaryPool)
     *     .replica(replicaPool, OnReplicaFailure.FAIL)
     *     .build();
     * }</pre>
     *
     * <p>Cannot be combined with {@link #transactionProvider}: inside a transaction managed outside
     * backref, a read cannot tell cheaply that it must go to the primary. In Spring, route with
     * {@code @Transactional(readOnly = true)} and a routing data source instead.
     *
     * @param onFailure what a read does when the replica cannot be reached: {@link
     *     OnReplicaFailure#FAIL} (a {@link ReplicaUnavailableException}) or {@link
     *     OnReplicaFailure#READ_FROM_PRIMARY}
     * @throws NullPointerException if an argument is null
     */
    public Builder replica(DataSource replica, OnReplicaFailure onFailure) {
      this.replica = Objects.requireNonNull(replica, "replica");
      this.onReplicaFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Builds the {@code Backref}.
     *
     * @throws IllegalStateException if both a {@linkplain #replica replica} and a {@linkplain
     *     #transactionProvider transaction provider} were given
     */
    public Backref build() {
      if (replica != null && transactionProvider != null) {
        throw new IllegalStateException(
            "A replica and a transaction provider cannot be combined: reads inside a transaction managed outside backref"
                + " would go to the replica; route reads with the transaction manager's read-only transactions instead");
      }
      Settings settings =
          new Settings()
              .withRenderSchema(false)
              .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
              .withExecuteLogging(false)
              .withDiagnosticsLogging(false);
      Listeners listener = Listeners.of(listeners);
      Backref reads = replica == null
          ? null
          : new Backref(replica, settings, null, null, false, batchSize, listener, null, onReplicaFailure);
      return new Backref(dataSource, settings, transactionProvider, null, false, batchSize, listener, reads, onReplicaFailure);
    }
  }
}
