package dev.backref.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An open database: a HikariCP pool on the PostgreSQL named by a JDBC URL, or on an embedded
 * PostgreSQL that this object started and stops. {@link #close()} closes the pool, stops the
 * embedded server and deletes a throwaway data directory, in that order.
 *
 * <p>Every connection it opens, pooled or not, has the {@link Timeouts} it was opened with: a
 * bounded connect and login, a server-side {@code statement_timeout} (sent in the startup packet,
 * so it costs no round trip), a socket timeout a little longer than that, and a bounded wait for a
 * free pooled connection. {@link #timeouts()} says which.
 *
 * <p>Thread-safe once open (the pool is); {@link #close()} is idempotent.
 */
final class Database implements AutoCloseable {

  /** The database the app creates inside its embedded server. */
  static final String EMBEDDED_DATABASE = "blog";

  private final HikariDataSource pool;
  private final HikariDataSource readPool;
  private final EmbeddedPostgres embedded;
  private final Path throwawayDirectory;
  private final String location;
  private final Timeouts timeouts;
  private boolean closed;

  private Database(
      HikariDataSource pool, HikariDataSource readPool, EmbeddedPostgres embedded, Path throwawayDirectory, String location, Timeouts timeouts) {
    this.pool = pool;
    this.readPool = readPool;
    this.embedded = embedded;
    this.throwawayDirectory = throwawayDirectory;
    this.location = location;
    this.timeouts = timeouts;
  }

  /**
   * How long the app waits for the database, on every connection it opens. Zero {@code statement}
   * and {@code socket} mean no limit.
   *
   * <pre>{@code
   * Database.Timeouts timeouts = session.database().timeouts();
   * timeouts.statement();  // PT5S: the server cancels a longer statement (SQLState 57014)
   * timeouts.socket();     // PT7S: the driver gives up reading an answer (a frozen server)
   * timeouts.connect();    // PT5S: to open a connection and log in
   * timeouts.poolWait();   // PT1S: to get a free connection from the pool
   * }</pre>
   *
   * @param statement PostgreSQL's {@code statement_timeout}; {@code --db-timeout}, or {@code
   *     --db-bulk-timeout} for commands that run long
   * @param socket pgjdbc's {@code socketTimeout}: {@code statement} plus {@link #ANSWER_MARGIN}, so
   *     that the server cancels first and says so; whole seconds, rounded up
   * @param connect pgjdbc's {@code connectTimeout} and {@code loginTimeout} ({@code
   *     --db-connect-timeout}); whole seconds, rounded up
   * @param poolWait HikariCP's {@code connectionTimeout} ({@code --db-pool-wait})
   */
  record Timeouts(Duration statement, Duration socket, Duration connect, Duration poolWait) {

    /** How much longer than the statement timeout the driver waits for an answer. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(2);

    static final Duration DEFAULT_STATEMENT = Duration.ofSeconds(5);
    static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    static final Duration DEFAULT_POOL_WAIT = Duration.ofSeconds(1);
    static final Duration DEFAULT_BULK_STATEMENT = Duration.ofMinutes(30);

    /** HikariCP's floor for the pool's wait. */
    static final Duration MIN_POOL_WAIT = Duration.ofMillis(250);

    /** 5s statements (7s socket), 5s to connect, 1s to get a pooled connection. */
    static final Timeouts DEFAULTS = of(DEFAULT_STATEMENT, DEFAULT_CONNECT, DEFAULT_POOL_WAIT);

    Timeouts {
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(socket, "socket");
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(poolWait, "poolWait");
      if (statement.isNegative() || socket.isNegative() || connect.compareTo(Duration.ofSeconds(1)) < 0
          || poolWait.compareTo(MIN_POOL_WAIT) < 0) {
        throw new IllegalArgumentException("Timeouts must not be negative; connect at least 1s, poolWait at least 250ms: "
            + statement + ", " + socket + ", " + connect + ", " + poolWait);
      }
    }

    /** The socket timeout derived from {@code statement}: no limit for none. */
    static Timeouts of(Duration statement, Duration connect, Duration poolWait) {
      return new Timeouts(statement, statement.isZero() ? Duration.ZERO : statement.plus(ANSWER_MARGIN), connect, poolWait);
    }

    /** These timeouts with another statement timeout, and the socket timeout that goes with it. */
    Timeouts withStatement(Duration statement) {
      return of(statement, connect, poolWait);
    }
  }

  /**
   * Where the data is.
   *
   * @param url a JDBC URL, or null for embedded PostgreSQL
   * @param dataDir the embedded data directory; null with a URL, or for a throwaway one
   * @param readUrl a JDBC URL of read replicas (same user and password), or null to read from {@code url}
   */
  record Settings(String url, String user, String password, Path dataDir, String readUrl) {

    static Settings external(String url, String user, String password) {
      return new Settings(Objects.requireNonNull(url, "url"), user, password, null, null);
    }

    static Settings embedded(Path dataDir) {
      return new Settings(null, null, null, Objects.requireNonNull(dataDir, "dataDir"), null);
    }

    static Settings throwaway() {
      return new Settings(null, null, null, null, null);
    }

    /** These settings, with reads outside transactions sent to {@code readUrl} (null: none). */
    Settings readingFrom(String readUrl) {
      return new Settings(url, user, password, dataDir, readUrl);
    }

    boolean isEmbedded() {
      return url == null;
    }

    @Override
    public String toString() {
      return "Settings[" + (url == null ? "embedded " + (dataDir == null ? "(throwaway)" : dataDir) : redact(url))
          + (readUrl == null ? "" : ", reads from " + redact(readUrl)) + "]";
    }
  }

  /**
   * Opens the database, starting embedded PostgreSQL if {@code settings} name no URL. An embedded
   * server left running on the data directory by a blog process that ended without stopping it is
   * stopped first, and a stale {@code postmaster.pid} removed, each said in one line on {@code
   * notices}.
   *
   * @param maxPoolSize the most connections the pool opens
   * @param notices where to say what was found and done before starting, one line each
   * @throws DatabaseUnavailableException if it cannot be reached or started
   * @throws UsageException if the URL is not a PostgreSQL JDBC URL, or one the driver cannot parse
   */
  static Database open(Settings settings, int maxPoolSize, Timeouts timeouts, Consumer<String> notices) {
    Objects.requireNonNull(timeouts, "timeouts");
    if (settings.readUrl() != null && settings.isEmbedded()) {
      throw new UsageException("--db-read-url needs --db-url: the embedded PostgreSQL has no replicas");
    }
    if (!settings.isEmbedded()) {
      checkUrl(settings.url());
      if (settings.readUrl() != null) {
        checkUrl(settings.readUrl());
      }
      HikariDataSource pool = pool("blog", settings.url(), settings.user(), settings.password(), maxPoolSize, timeouts, true);
      HikariDataSource readPool = null;
      try {
        if (settings.readUrl() != null) {
          // Replicas may be down when the app starts: writes go on, and reads say so when they run.
          readPool = pool("blog-read", settings.readUrl(), settings.user(), settings.password(), maxPoolSize, timeouts, false);
        }
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
      String where = "at " + redact(settings.url()) + (readPool == null ? "" : ", reading from " + redact(settings.readUrl()));
      return new Database(pool, readPool, null, null, where, timeouts);
    }
    Path throwaway = null;
    EmbeddedPostgres embedded = null;
    try {
      Path dataDir;
      if (settings.dataDir() == null) {
        throwaway = Files.createTempDirectory("blog-demo-");
        dataDir = throwaway;
      } else {
        dataDir = DataDirectory.prepare(settings.dataDir(), notices);
      }
      embedded = startEmbedded(dataDir, throwaway != null, timeouts);
      createDatabaseIfMissing(embedded);
      String url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + EMBEDDED_DATABASE;
      HikariDataSource pool = pool("blog", url, "postgres", null, maxPoolSize, timeouts, true);
      String where = throwaway != null ? "in a throwaway data directory" : "in " + dataDir;
      return new Database(pool, null, embedded, throwaway, where, timeouts);
    } catch (IOException | RuntimeException e) {
      stop(embedded);
      deleteRecursively(throwaway);
      if (e instanceof DatabaseUnavailableException known) {
        throw known;
      }
      throw new DatabaseUnavailableException("Cannot start embedded PostgreSQL: " + Failures.rootMessage(e), e);
    }
  }

  /** The pooled data source. */
  DataSource dataSource() {
    return pool;
  }

  /** The pool on the read replicas of {@code --db-read-url}, or null when reads go to {@link #dataSource()}. */
  DataSource readDataSource() {
    return readPool;
  }

  /**
   * The pool, with another statement timeout (and the socket timeout that goes with it) on each
   * connection while it is borrowed: for work that legitimately runs long, such as the migrations
   * every command applies first. The connection gets the pool's timeouts back when it is closed
   * (or is evicted from the pool if that fails).
   */
  DataSource dataSource(Duration statementTimeout) {
    return new LongerStatements(timeouts.withStatement(statementTimeout));
  }

  /** The timeouts of every connection of {@link #dataSource()}. */
  Timeouts timeouts() {
    return timeouts;
  }

  /** For messages: "embedded PostgreSQL in /home/me/.blog/pgdata" or "PostgreSQL at jdbc:...". */
  String description() {
    return description("");
  }

  /** {@link #description()} with the server version: "embedded PostgreSQL 18.1 in ...". */
  String describeWithVersion() {
    return description(" " + serverVersion());
  }

  private String description(String version) {
    return (embedded != null ? "embedded PostgreSQL" : "PostgreSQL") + version + " " + location;
  }

  /** Whether this is an embedded server the app started. */
  boolean isEmbedded() {
    return embedded != null;
  }

  /** The server's version, for example {@code "18.1"}. */
  String serverVersion() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("show server_version")) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("Cannot read the server version: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try {
        if (readPool != null) {
          readPool.close();
        }
      } finally {
        pool.close();
      }
    } finally {
      try {
        stop(embedded);
      } finally {
        deleteRecursively(throwawayDirectory);
      }
    }
  }

  /**
   * A usage error unless {@code url} is a PostgreSQL JDBC URL that names a host (or none at all, as
   * {@code jdbc:postgresql:blog} does for localhost) and carries no {@code user:password@}, which
   * the driver would take for part of the host name.
   */
  static void checkUrl(String url) {
    String prefix = "jdbc:postgresql:";
    if (!url.startsWith(prefix)) {
      throw new UsageException(
          "--db-url must be a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/blog, was " + redact(url));
    }
    String rest = url.substring(prefix.length());
    if (rest.startsWith("//")) {
      String authority = authority(url);
      if (authority.contains("@")) {
        throw new UsageException("--db-url must not carry a user or password (user:password@), was " + redact(url)
            + ": give them with --db-user and --db-password, or BLOG_DB_USER and BLOG_DB_PASSWORD");
      }
      for (String hostAndPort : authority.split(",", -1)) {
        if (host(hostAndPort).isEmpty()) {
          throw new UsageException("--db-url names no host (jdbc:postgresql://HOST[:PORT]/DATABASE), was " + redact(url));
        }
      }
    }
    if (Driver.parseURL(url, null) == null) {
      throw new UsageException("--db-url is not a valid PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE, port 1 to 65535), was "
          + redact(url));
    }
  }

  /** What comes after {@code //} up to the path or the query. */
  private static String authority(String url) {
    int start = url.indexOf("//") + 2;
    int end = url.length();
    int query = url.indexOf('?', start);
    String beforeQuery = query < 0 ? url.substring(start) : url.substring(start, query);
    int at = beforeQuery.lastIndexOf('@');
    int slash = beforeQuery.indexOf('/', at < 0 ? 0 : at);
    if (slash >= 0) {
      end = start + slash;
    } else if (query >= 0) {
      end = query;
    }
    return url.substring(start, end);
  }

  private static String host(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      return close < 0 ? hostAndPort : hostAndPort.substring(1, close);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return (colon < 0 ? hostAndPort : hostAndPort.substring(0, colon)).strip();
  }

  private static EmbeddedPostgres startEmbedded(Path dataDir, boolean throwaway, Timeouts timeouts) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(throwaway);
    if (throwaway) {
      builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
    }
    // The connections zonky opens itself: to wait for the server, and ours to create the database.
    connectionProperties(timeouts).forEach(builder::setConnectConfig);
    try {
      return builder.start();
    } catch (OverlappingFileLockException e) {
      throw DataDirectory.inUse(dataDir, e);
    } catch (IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("could not lock")) {
        throw DataDirectory.inUse(dataDir, e);
      }
      if (message.contains("initdb")) {
        throw new DatabaseUnavailableException(
            "Cannot create a PostgreSQL data directory in " + dataDir + ": initdb failed (--verbose shows its output)", e);
      }
      throw e;
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres embedded) {
    try (Connection connection = embedded.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      boolean exists;
      try (ResultSet rows = statement.executeQuery("select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'")) {
        exists = rows.next();
      }
      if (!exists) {
        statement.execute("create database " + EMBEDDED_DATABASE);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("Cannot create the blog database in embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * pgjdbc's properties for {@code timeouts}: connect and login timeouts, the socket timeout and
   * the statement timeout as a startup option ({@code options=-c statement_timeout=5000}).
   */
  static Map<String, String> connectionProperties(Timeouts timeouts) {
    Map<String, String> properties = new LinkedHashMap<>();
    String connect = Integer.toString(Durations.ceilSeconds(timeouts.connect()));
    properties.put("connectTimeout", connect);
    properties.put("loginTimeout", connect);
    properties.put("socketTimeout", Integer.toString(Durations.ceilSeconds(timeouts.socket())));
    properties.put("options", "-c statement_timeout=" + timeouts.statement().toMillis());
    return properties;
  }

  /** @param connectNow whether to fail here if the first connection cannot be made, or only when one is asked for */
  private static HikariDataSource pool(
      String name, String url, String user, String password, int maxPoolSize, Timeouts timeouts, boolean connectNow) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(driverDataSource(url, user, password, timeouts));
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(timeouts.poolWait().toMillis());
    if (!connectNow) {
      config.setInitializationFailTimeout(-1);
    }
    // Checking an idle connection before lending it must not outlast the wait for it.
    config.setValidationTimeout(Math.max(Timeouts.MIN_POOL_WAIT.toMillis(), Math.min(timeouts.connect().toMillis(), timeouts.poolWait().toMillis())));
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      String why = isConnectTimeout(e)
          ? "no answer within " + Durations.format(timeouts.connect()) + " (" + BlogCommand.CONNECT_TIMEOUT_OPTION + ")"
          : Failures.rootMessage(e);
      throw new DatabaseUnavailableException("Cannot connect to " + redact(url) + ": " + why, e);
    }
  }

  /**
   * pgjdbc's data source for {@code url}, with {@code timeouts} set after the URL is read, so that
   * they win over the same parameters in the URL ({@code socketTimeout=0}, say); the statement
   * timeout joins the URL's own {@code options}. HikariCP's login timeout (derived from the pool's
   * wait) is ignored: logging in has the connect timeout.
   */
  private static PGSimpleDataSource driverDataSource(String url, String user, String password, Timeouts timeouts) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource() {
      @Override
      public void setLoginTimeout(int seconds) {
        // HikariCP calls this with its pool wait; the connect timeout set below stands.
      }
    };
    dataSource.setUrl(url);
    if (user != null) {
      dataSource.setUser(user);
    }
    if (password != null) {
      dataSource.setPassword(password);
    }
    String options = dataSource.getOptions();
    Map<String, String> properties = connectionProperties(timeouts);
    properties.put("options", (options == null || options.isBlank() ? "" : options + " ") + properties.get("options"));
    properties.put("ApplicationName", "blog");
    properties.forEach((name, value) -> {
      try {
        dataSource.setProperty(name, value);
      } catch (SQLException e) {
        throw new IllegalStateException("pgjdbc has no property " + name, e);
      }
    });
    return dataSource;
  }

  /**
   * Whether connecting gave up at the connect or login timeout: a {@link SocketTimeoutException},
   * or pgjdbc's "Connection attempt timed out." (SQLState 08001; English unless the JVM's locale
   * translates the driver's messages).
   */
  private static boolean isConnectTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return true;
      }
      if (cause instanceof SQLException sql && "08001".equals(sql.getSQLState())
          && String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  private static void stop(EmbeddedPostgres embedded) {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the throwaway data directory " + directory, e);
    }
  }

  /**
   * {@code url} fit to print: the password of a {@code user:password@} and the value of every query
   * parameter whose name contains "password" ({@code password}, {@code sslpassword}) become {@code
   * ***}.
   */
  static String redact(String url) {
    String result = url;
    int query = result.indexOf('?');
    int slashes = result.indexOf("//");
    if (slashes >= 0 && (query < 0 || slashes < query)) {
      int at = result.lastIndexOf('@', query < 0 ? result.length() - 1 : query - 1);
      if (at > slashes) {
        String userInfo = result.substring(slashes + 2, at);
        int colon = userInfo.indexOf(':');
        if (colon >= 0) {
          result = result.substring(0, slashes + 2) + userInfo.substring(0, colon) + ":***" + result.substring(at);
        }
      }
    }
    query = result.indexOf('?');
    if (query < 0) {
      return result;
    }
    StringBuilder redacted = new StringBuilder(result.substring(0, query + 1));
    String[] parameters = result.substring(query + 1).split("&", -1);
    for (int i = 0; i < parameters.length; i++) {
      String parameter = parameters[i];
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      redacted.append(i == 0 ? "" : "&")
          .append(equals >= 0 && name.toLowerCase(Locale.ROOT).contains("password") ? name + "=***" : parameter);
    }
    return redacted.toString();
  }

  /**
   * {@link #dataSource(Duration)}: each borrowed connection gets a statement timeout and a socket
   * timeout of its own, and the pool's back on close. Under autocommit, so that closing (which rolls
   * back an open transaction) does not undo the restoring {@code SET}.
   */
  private final class LongerStatements implements DataSource {

    private final Timeouts longer;

    LongerStatements(Timeouts longer) {
      this.longer = longer;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection connection = pool.getConnection();
      try {
        setStatementTimeout(connection, longer.statement());
        connection.setNetworkTimeout(Runnable::run, Math.toIntExact(longer.socket().toMillis()));
      } catch (SQLException | RuntimeException e) {
        pool.evictConnection(connection);
        connection.close();
        throw e;
      }
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            if (method.getName().equals("close") && args == null) {
              giveBack(connection);
              return null;
            }
            try {
              return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    private void giveBack(Connection connection) throws SQLException {
      if (connection.isClosed()) {
        return;
      }
      try {
        if (!connection.getAutoCommit()) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
        setStatementTimeout(connection, timeouts.statement());
      } catch (SQLException | RuntimeException e) {
        pool.evictConnection(connection);
      } finally {
        // HikariCP restores the pool's network timeout itself.
        connection.close();
      }
    }

    private static void setStatementTimeout(Connection connection, Duration timeout) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("set statement_timeout = " + timeout.toMillis());
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the pool's user only");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return Durations.ceilSeconds(timeouts.connect());
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
