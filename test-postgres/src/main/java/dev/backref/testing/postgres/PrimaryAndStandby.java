package dev.backref.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 18 primary and a streaming standby of it, both from the embedded binaries on
 * 127.0.0.1, each with an empty database {@value #DATABASE}: the primary is created, stopped
 * cleanly, its data directory copied, and the copy started with {@code standby.signal} and a
 * {@code primary_conninfo}. Migrate through {@link #primaryUrl()} (DDL replicates), then {@link
 * #awaitReplay()}. Replay on the standby can be paused to make replication lag on purpose ({@code
 * onStandby("select pg_wal_replay_pause()")}), the standby stopped, started and promoted.
 *
 * <pre>{@code
 * try (PrimaryAndStandby servers = PrimaryAndStandby.start()) {
 *   Migrations.of(primaryPool(servers.primaryUrl())).migrate();
 *   servers.awaitReplay();
 *   // read through servers.standbyUrl(), user "postgres", no password
 * }
 * }</pre>
 *
 * <p>Not thread-safe. {@link #close()} stops both servers and deletes their directories.
 */
public final class PrimaryAndStandby implements AutoCloseable {

  /** The database created on the primary, and so on the standby. */
  public static final String DATABASE = "blog";
  /** The superuser, who connects without a password. */
  public static final String USER = "postgres";
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Path root;
  private final int primaryPort;
  private final int standbyPort;
  private EmbeddedPostgres primary;
  private EmbeddedPostgres standby;

  private PrimaryAndStandby(Path root, int primaryPort, int standbyPort) {
    this.root = root;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
  }

  /** Starts the primary and its standby, and returns once the standby streams from the primary. */
  public static PrimaryAndStandby start() throws IOException, SQLException, InterruptedException {
    PrimaryAndStandby servers = new PrimaryAndStandby(Files.createTempDirectory("backref-replica-"), freePort(), freePort());
    try {
      servers.primary = start(servers.primaryDir(), servers.primaryPort);
      try (Connection admin = servers.connect(servers.primaryPort, "postgres"); Statement statement = admin.createStatement()) {
        statement.execute("create database " + DATABASE);
      }
      servers.primary.close();
      servers.copyToStandby();
      servers.primary = start(servers.primaryDir(), servers.primaryPort);
      servers.standby = start(servers.standbyDir(), servers.standbyPort);
      servers.awaitStreaming();
      return servers;
    } catch (IOException | SQLException | InterruptedException | RuntimeException e) {
      servers.close();
      throw e;
    }
  }

  private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    try {
      return builder(dataDir, port)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList()
          .reversed().stream().limit(15).toList().reversed()) : "(no log)";
      throw new IOException(e.getMessage() + "; the server's log ends with:\n" + tail, e);
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dataDir, int port) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("wal_level", "replica")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("hot_standby", "on")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(WAIT);
  }

  private Path primaryDir() {
    return root.resolve("primary");
  }

  private Path standbyDir() {
    return root.resolve("standby");
  }

  private void copyToStandby() throws IOException {
    Path from = primaryDir();
    Path to = standbyDir();
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        String name = path.getFileName().toString();
        if (name.equals("postmaster.pid") || name.equals("epg-lock")) {
          continue;
        }
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.createFile(to.resolve("standby.signal"));
    Files.writeString(to.resolve("postgresql.auto.conf"),
        "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name=standby'\n",
        StandardOpenOption.APPEND, StandardOpenOption.CREATE);
  }

  private void awaitStreaming() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection admin = connect(primaryPort, "postgres");
          Statement statement = admin.createStatement();
          ResultSet row = statement.executeQuery("select count(*) from pg_stat_replication where state = 'streaming'")) {
        row.next();
        if (row.getLong(1) == 1) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("The standby did not start streaming within " + WAIT);
  }

  /** The JDBC URL of {@value #DATABASE} on the primary. */
  public String primaryUrl() {
    return url(primaryPort);
  }

  /** The JDBC URL of {@value #DATABASE} on the standby. */
  public String standbyUrl() {
    return url(standbyPort);
  }

  public int standbyPort() {
    return standbyPort;
  }

  public int primaryPort() {
    return primaryPort;
  }

  /** The JDBC URL of {@value #DATABASE} on the server listening on {@code port}. */
  public String url(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** A new connection, as the superuser, to {@code database} on the server listening on {@code port}. */
  public Connection connect(int port, String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2&socketTimeout=10", USER, "");
  }

  /** Runs {@code sql} on the standby's database, as a superuser. */
  public void onStandby(String sql) throws SQLException {
    try (Connection connection = connect(standbyPort, DATABASE); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Waits until the standby has replayed everything the primary has written so far. */
  public void awaitReplay() throws SQLException, InterruptedException {
    String lsn;
    try (Connection connection = connect(primaryPort, DATABASE);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select pg_current_wal_insert_lsn()")) {
      row.next();
      lsn = row.getString(1);
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection connection = connect(standbyPort, DATABASE);
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
        row.next();
        if (row.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("The standby did not replay up to " + lsn + " within " + WAIT);
  }

  /** Stops the standby (a fast shutdown); {@link #startStandby()} starts it again on the same port. */
  public void stopStandby() throws IOException {
    if (standby != null) {
      standby.close();
      standby = null;
    }
  }

  /** Starts the stopped standby again; it catches up from the primary. */
  public void startStandby() throws IOException {
    standby = start(standbyDir(), standbyPort);
  }

  @Override
  public void close() {
    List<EmbeddedPostgres> servers = java.util.Arrays.asList(standby, primary);
    standby = null;
    primary = null;
    for (EmbeddedPostgres server : servers) {
      if (server != null) {
        try {
          server.close();
        } catch (IOException e) {
          // Stopped or gone: nothing left to release but the files.
        }
      }
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
