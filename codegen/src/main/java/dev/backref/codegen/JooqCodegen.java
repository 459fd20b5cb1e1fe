package dev.backref.codegen;

import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.PostgresServers;
import dev.backref.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jooq.Constants;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from a real, freshly migrated PostgreSQL catalog.
 *
 * <p>Usage: {@code JooqCodegen <output directory> <package> <fingerprint file>}. The PostgreSQL is
 * the one named by {@code BACKREF_TEST_JDBC_URL} (a temporary database is created on it and dropped
 * afterwards), else embedded PostgreSQL. When the migration scripts, the jOOQ version and this
 * launcher's settings hash to the value in the fingerprint file and the output exists, nothing is
 * done: an unchanged schema costs one JVM start, not a database start.
 */
public final class JooqCodegen {

  /** Bump when the generator settings below change, so that the fingerprint changes too. */
  private static final String SETTINGS_VERSION = "3";

  private JooqCodegen() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: JooqCodegen <output directory> <package> <fingerprint file>");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    String packageName = args[1];
    Path fingerprintFile = Path.of(args[2]);

    String fingerprint = fingerprint(packageName);
    if (Files.isDirectory(output)
        && Files.isReadable(fingerprintFile)
        && Files.readString(fingerprintFile).strip().equals(fingerprint)) {
      System.out.println("jOOQ classes are up to date with the migrations (" + fingerprint.substring(0, 12) + ")");
      return;
    }
    Files.deleteIfExists(fingerprintFile);

    try (PostgresServer server =
            PostgresServers.start(PostgresServers.Source.EXPLICIT_URL, PostgresServers.Source.EMBEDDED);
        TestDatabase database = server.createDatabase()) {
      Migrations.of(database.dataSource()).migrate();
      GenerationTool.generate(configuration(database, output, packageName));
      System.out.println("Generated jOOQ classes from " + database);
    }
    Files.createDirectories(fingerprintFile.getParent());
    Files.writeString(fingerprintFile, fingerprint + System.lineSeparator());
  }

  private static Configuration configuration(TestDatabase database, Path output, String packageName) {
    return new Configuration()
        .withJdbc(
            new Jdbc()
                .withDriver("org.postgresql.Driver")
                .withUrl(database.jdbcUrl())
                .withUser(database.user())
                .withPassword(database.password()))
        .withGenerator(
            new Generator()
                .withName("org.jooq.codegen.JavaGenerator")
                .withDatabase(
                    new Database()
                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                        .withInputSchema("public")
                        .withOutputSchemaToDefault(false)
                        .withExcludes("flyway_schema_history")
                        .withForcedTypes(
                            new ForcedType()
                                .withName("INSTANT")
                                .withIncludeTypes("(?i:timestamp\\s*(\\(\\d+\\))?\\s+with\\s+time\\s+zone|timestamptz)")))
                .withGenerate(
                    new Generate()
                        .withRecords(true)
                        .withPojos(false)
                        .withDaos(false)
                        .withJavaTimeTypes(true)
                        .withComments(true)
                        .withGeneratedAnnotation(false)
                        .withIndexes(true)
                        .withKeys(true)
                        .withFluentSetters(false))
                .withTarget(
                    new Target()
                        .withPackageName(packageName)
                        .withDirectory(output.toAbsolutePath().toString())
                        .withClean(true)));
  }

  /** SHA-256 over every migration script on the classpath, the jOOQ version and the settings. */
  static String fingerprint(String packageName) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    digest.update((Constants.FULL_VERSION + "|" + SETTINGS_VERSION + "|" + packageName).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> script : migrationScripts().entrySet()) {
      digest.update(script.getKey().getBytes(StandardCharsets.UTF_8));
      digest.update(script.getValue());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Map<String, byte[]> migrationScripts() throws IOException {
    String location = Migrations.DEFAULT_LOCATION.substring("classpath:".length());
    Map<String, byte[]> scripts = new TreeMap<>();
    var resources = Migrations.class.getClassLoader().getResources(location);
    while (resources.hasMoreElements()) {
      URL url = resources.nextElement();
      switch (url.getProtocol()) {
        case "file" -> {
          Path directory;
          try {
            directory = Path.of(url.toURI());
          } catch (URISyntaxException e) {
            throw new IOException(e);
          }
          try (Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile)
                .forEach(file -> scripts.put(directory.relativize(file).toString(), read(file)));
          }
        }
        case "jar" -> {
          JarURLConnection connection = (JarURLConnection) url.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
              if (!entry.isDirectory() && entry.getName().startsWith(location + "/")) {
                try (InputStream in = jar.getInputStream(entry)) {
                  scripts.put(entry.getName(), in.readAllBytes());
                }
              }
            }
          }
        }
        default -> throw new IOException("Cannot read migrations from " + url);
      }
    }
    if (scripts.isEmpty()) {
      throw new IOException("No migration scripts found at " + Migrations.DEFAULT_LOCATION);
    }
    return scripts;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
