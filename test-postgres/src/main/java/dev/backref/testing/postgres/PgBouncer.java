package dev.backref.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PgBouncer in front of a {@link PostgresServer}, for tests of what works through a
 * connection pooler: it writes a {@code pgbouncer.ini} into a temporary directory, starts the
 * {@code pgbouncer} binary in the foreground on a free port of 127.0.0.1, waits until it accepts
 * connections, and stops it (and deletes the directory) on {@link #close()}.
 *
 * <pre>{@code
 * @MigratedPostgres
 * class ThroughPgBouncerIT {
 *   @Test
 *   void works(PostgresServer server, TestDatabase database) throws Exception {
 *     try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.PoolMode.TRANSACTION)) {
 *       String url = bouncer.jdbcUrl(database.name()) + "?prepareThreshold=0";
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Every database of the server is reachable through it under its own name (a {@code *} entry in
 * {@code [databases]}), so the databases {@link MigratedPostgres} creates per test class need no
 * configuration. Clients authenticate as the server's user without a password ({@code auth_type =
 * trust}, on 127.0.0.1 only); PgBouncer logs in to the server with the server's user and password.
 * Everything else is PgBouncer's default, {@code ignore_startup_parameters} included (none): the
 * tests show what works against a PgBouncer nobody tuned for this driver. {@link Builder#setting}
 * changes any other setting of the {@code [pgbouncer]} section.
 *
 * <p>The binary is {@code pgbouncer} on the {@code PATH}, {@code /usr/sbin/pgbouncer} (Debian's
 * package) or {@code /usr/bin/pgbouncer}, unless the system property {@value #BINARY_PROPERTY} or
 * the environment variable {@value #BINARY_ENV} names one. If none is found, {@link #start} throws
 * an {@link IllegalStateException} saying how to install it: tests fail, they never skip.
 *
 * <p>PgBouncer refuses to run as root. When the tests run as root it is started as the user {@code
 * nobody} through {@code setpriv} (util-linux), and its directory and files are given to that user;
 * otherwise as the user running the tests.
 *
 * <p>Every wait is bounded: start-up by {@link Builder#startTimeout} (default 15 s), shutdown by 10
 * s, after which the process is killed. A JVM shutdown hook stops a PgBouncer that was never
 * closed. Thread-safe.
 */
public final class PgBouncer implements AutoCloseable {

  /** System property naming the {@code pgbouncer} binary to run. */
  public static final String BINARY_PROPERTY = "backref.test.pgbouncer";

  /** Environment variable naming the {@code pgbouncer} binary to run. */
  public static final String BINARY_ENV = "BACKREF_TEST_PGBOUNCER";

  /** The default {@code default_pool_size}: two server connections per database and user. */
  public static final int DEFAULT_POOL_SIZE = 2;

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** When PgBouncer gives a server connection back to the pool, and so to another client. */
  public enum PoolMode {
    /** When the client disconnects. */
    SESSION,
    /** When the client's transaction ends (or its autocommit statement): what this fixture is for. */
    TRANSACTION,
    /** After every statement; multi-statement transactions are refused. */
    STATEMENT;

    String ini() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Path directory;
  private final Process process;
  private final Path log;
  private final int port;
  private final String version;
  private final PoolMode poolMode;
  private final int defaultPoolSize;
  private final String user;
  private final Thread shutdownHook;
  private boolean closed;

  private PgBouncer(Path directory, Process process, Path log, int port, String version, Builder builder) {
    this.directory = directory;
    this.process = process;
    this.log = log;
    this.port = port;
    this.version = version;
    this.poolMode = builder.poolMode;
    this.defaultPoolSize = builder.defaultPoolSize;
    this.user = builder.user;
    this.shutdownHook = new Thread(this::stop, "pgbouncer-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a PgBouncer in {@code poolMode} in front of {@code server}, with {@value
   * #DEFAULT_POOL_SIZE} server connections per database.
   *
   * @throws IllegalStateException if {@code pgbouncer} is not installed or does not start in time
   */
  public static PgBouncer start(PostgresServer server, PoolMode poolMode) {
    return builder(server).poolMode(poolMode).start();
  }

  /**
   * Starts a PgBouncer in {@code poolMode} in front of the PostgreSQL at {@code host}:{@code port},
   * logging in as {@code user} with {@code password} (null or empty: none).
   *
   * @throws IllegalStateException if {@code pgbouncer} is not installed or does not start in time
   */
  public static PgBouncer start(String host, int port, String user, String password, PoolMode poolMode) {
    return builder(host, port, user, password).poolMode(poolMode).start();
  }

  /** A builder for a PgBouncer in front of {@code server}. */
  public static Builder builder(PostgresServer server) {
    Objects.requireNonNull(server, "server");
    PGSimpleDataSource parsed = new PGSimpleDataSource();
    parsed.setUrl(server.baseUrl());
    String host = parsed.getServerNames()[0];
    int port = parsed.getPortNumbers()[0];
    return builder(host, port == 0 ? 5432 : port, server.user(), server.password());
  }

  /** A builder for a PgBouncer in front of the PostgreSQL at {@code host}:{@code port}. */
  public static Builder builder(String host, int port, String user, String password) {
    return new Builder(host, port, user, password);
  }

  /** The JDBC URL of {@code database} through this PgBouncer, without parameters. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + Objects.requireNonNull(database, "database");
  }

  /** The JDBC URL of {@code database} through this PgBouncer, without parameters. */
  public String jdbcUrl(TestDatabase database) {
    return jdbcUrl(database.name());
  }

  /** The user clients connect as: the server's. */
  public String user() {
    return user;
  }

  /** The port PgBouncer listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The pool mode it runs in. */
  public PoolMode poolMode() {
    return poolMode;
  }

  /** Its {@code default_pool_size}: server connections per database and user. */
  public int defaultPoolSize() {
    return defaultPoolSize;
  }

  /** The first line of {@code pgbouncer --version}, for example {@code "PgBouncer 1.18.0"}. */
  public String version() {
    return version;
  }

  /** What PgBouncer logged so far (for assertion messages). */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Whether its process is still running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops PgBouncer (SIGTERM, then SIGKILL after 10 s) and deletes its directory; never throws. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it stops the process.
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    terminate(process);
    deleteRecursively(directory);
  }

  @Override
  public String toString() {
    return version + " (" + poolMode.ini() + " pooling, " + defaultPoolSize + " server connections per database) on 127.0.0.1:" + port;
  }

  /**
   * Configures a {@link PgBouncer}. Not thread-safe.
   *
   * <pre>{@code
   * PgBouncer bouncer = PgBouncer.builder(server).poolMode(PoolMode.TRANSACTION).defaultPoolSize(1).start();
   * }</pre>
   */
  public static final class Builder {
    private final String host;
    private final int serverPort;
    private final String user;
    private final String password;
    private PoolMode poolMode = PoolMode.TRANSACTION;
    private int defaultPoolSize = DEFAULT_POOL_SIZE;
    private Duration startTimeout = Duration.ofSeconds(15);
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(String host, int port, String user, String password) {
      Objects.requireNonNull(host, "host");
      this.host = "localhost".equalsIgnoreCase(host) ? "127.0.0.1" : host;
      this.serverPort = port;
      this.user = Objects.requireNonNull(user, "user");
      this.password = password == null ? "" : password;
      settings.put("max_client_conn", "200");
      // Fail a test in bounded time when no server connection frees up, rather than after 120 s.
      settings.put("query_wait_timeout", "30");
      settings.put("log_connections", "0");
      settings.put("log_disconnections", "0");
    }

    /** The pool mode; default {@link PoolMode#TRANSACTION}. */
    public Builder poolMode(PoolMode poolMode) {
      this.poolMode = Objects.requireNonNull(poolMode, "poolMode");
      return this;
    }

    /** Server connections per database and user ({@code default_pool_size}); default {@value PgBouncer#DEFAULT_POOL_SIZE}. */
    public Builder defaultPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("defaultPoolSize must be positive, was " + size);
      }
      this.defaultPoolSize = size;
      return this;
    }

    /** How long {@link #start()} waits for PgBouncer to accept connections; default 15 s. */
    public Builder startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Sets (or, with a null value, removes) a setting of the {@code [pgbouncer]} section, such as
     * {@code setting("ignore_startup_parameters", "extra_float_digits")}. Listening address and
     * port, pool mode and size, and the authentication settings are the fixture's own.
     */
    public Builder setting(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        settings.remove(name);
      } else {
        settings.put(name, value);
      }
      return this;
    }

    /**
     * Starts PgBouncer and waits until it accepts connections.
     *
     * @throws IllegalStateException if {@code pgbouncer} is not installed, or does not start in time
     *     (the message holds its log)
     */
    public PgBouncer start() {
      Path binary = binary();
      String version = version(binary);
      IllegalStateException failure = null;
      // A free port can be taken by another process between finding it and PgBouncer binding it: retry.
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          return startOnce(binary, version);
        } catch (PortTaken e) {
          failure = new IllegalStateException(e.getMessage());
        }
      }
      throw failure;
    }

    private PgBouncer startOnce(Path binary, String version) {
      Path directory = null;
      Process process = null;
      try {
        directory = Files.createTempDirectory("backref-pgbouncer-");
        int port = freePort();
        Path ini = directory.resolve("pgbouncer.ini");
        Path users = directory.resolve("userlist.txt");
        Path log = directory.resolve("pgbouncer.log");
        Files.writeString(users, quoted(user) + " " + quoted(password) + "\n", StandardCharsets.UTF_8);
        Files.writeString(ini, ini(port, users), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        if (isRoot()) {
          // PgBouncer refuses to run as root: run it as nobody, which must be able to read its files.
          Path setpriv = Path.of("/usr/bin/setpriv");
          if (!Files.isExecutable(setpriv)) {
            throw new IllegalStateException(
                "PgBouncer refuses to run as root and " + setpriv + " (util-linux) is missing to start it as nobody");
          }
          UserPrincipal nobody = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
          for (Path file : List.of(directory, ini, users)) {
            Files.setOwner(file, nobody);
          }
          command.addAll(List.of(setpriv.toString(), "--reuid=nobody", "--regid=" + nobodysGroup(), "--clear-groups", "--"));
        }
        Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        command.addAll(List.of(binary.toString(), ini.toString()));
        process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        awaitAccepting(process, port, log);
        return new PgBouncer(directory, process, log, port, version, this);
      } catch (IOException e) {
        cleanUp(process, directory);
        throw new UncheckedIOException("Could not start PgBouncer: " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        cleanUp(process, directory);
        throw e;
      }
    }

    private String ini(int port, Path users) {
      StringBuilder ini = new StringBuilder();
      ini.append("; written by dev.backref.testing.postgres.PgBouncer\n");
      ini.append("[databases]\n");
      ini.append("* = host=").append(host).append(" port=").append(serverPort).append('\n');
      ini.append("\n[pgbouncer]\n");
      ini.append("listen_addr = 127.0.0.1\n");
      ini.append("listen_port = ").append(port).append('\n');
      ini.append("unix_socket_dir =\n");
      ini.append("pidfile =\n");
      ini.append("logfile =\n");
      ini.append("auth_type = trust\n");
      ini.append("auth_file = ").append(users).append('\n');
      ini.append("admin_users = ").append(user).append('\n');
      ini.append("pool_mode = ").append(poolMode.ini()).append('\n');
      ini.append("default_pool_size = ").append(defaultPoolSize).append('\n');
      ini.append("min_pool_size = 0\n");
      ini.append("reserve_pool_size = 0\n");
      for (Map.Entry<String, String> setting : settings.entrySet()) {
        ini.append(setting.getKey()).append(" = ").append(setting.getValue()).append('\n');
      }
      return ini.toString();
    }

    private void awaitAccepting(Process process, int port, Path log) throws IOException {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (true) {
        if (!process.isAlive()) {
          String output = Files.readString(log, StandardCharsets.UTF_8);
          if (output.contains("Address already in use")) {
            throw new PortTaken("PgBouncer could not listen on 127.0.0.1:" + port + ": " + output.strip());
          }
          throw new IllegalStateException(
              "PgBouncer exited with status " + process.exitValue() + " before accepting connections: " + output.strip());
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
          return;
        } catch (IOException notYet) {
          // Not listening yet.
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "PgBouncer did not accept connections on 127.0.0.1:" + port + " within " + startTimeout.toSeconds()
                  + " s: " + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for PgBouncer to start", e);
        }
      }
    }
  }

  /** The {@code pgbouncer} binary, or an exception saying how to install one. */
  static Path binary() {
    String configured = PostgresServers.setting(BINARY_PROPERTY, BINARY_ENV);
    if (configured != null) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "The pgbouncer named by " + BINARY_PROPERTY + " / " + BINARY_ENV + " is not an executable file: " + configured);
      }
      return path;
    }
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "pgbouncer"));
        }
      }
    }
    candidates.add(Path.of("/usr/sbin/pgbouncer"));
    candidates.add(Path.of("/usr/bin/pgbouncer"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "pgbouncer is not installed (looked on the PATH, in /usr/sbin and /usr/bin). Install it (Debian/Ubuntu: "
            + "apt-get install pgbouncer; .ci/run does) or name the binary with -D" + BINARY_PROPERTY + "=... or "
            + BINARY_ENV + ".");
  }

  private static String version(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (var in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(binary + " --version did not finish within 10 s");
      }
      String first = output.strip().lines().findFirst().orElse("");
      if (process.exitValue() != 0 || !first.startsWith("PgBouncer")) {
        throw new IllegalStateException(binary + " --version failed (status " + process.exitValue() + "): " + output.strip());
      }
      return first;
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + binary + " --version: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + binary + " --version", e);
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The primary group of the user nobody (nogroup on Debian, nobody elsewhere), by number; 65534 if not found. */
  private static String nobodysGroup() {
    try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
      return lines
          .map(line -> line.split(":", -1))
          .filter(fields -> fields.length > 3 && fields[0].equals("nobody"))
          .map(fields -> fields[3])
          .findFirst()
          .orElse("65534");
    } catch (IOException | UncheckedIOException e) {
      return "65534";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A value of the auth file: in double quotes, a double quote doubled. */
  private static String quoted(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static void cleanUp(Process process, Path directory) {
    if (process != null) {
      terminate(process);
    }
    if (directory != null) {
      deleteRecursively(directory);
    }
  }

  /** SIGTERM (PgBouncer's immediate shutdown), then SIGKILL; bounded. */
  private static void terminate(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind; nothing else to release.
    }
  }

  /** PgBouncer could not bind the port chosen for it. */
  private static final class PortTaken extends RuntimeException {
    PortTaken(String message) {
      super(message, null, false, false);
    }
  }
}
