package dev.backref.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Runs the backref schema migrations against a PostgreSQL {@link DataSource}.
 *
 * <p>The migrations ship in this jar under {@value #DEFAULT_LOCATION}; any application that has
 * the jar on its classpath can bring a database up to date:
 *
 * <pre>{@code
 * Migrations migrations = Migrations.of(dataSource);
 * MigrationReport report = migrations.migrate();      // applies what is pending, in order
 * List<MigrationStatus> status = migrations.info();   // applied and pending migrations
 * migrations.validate();                              // throws if an applied script was edited
 * }</pre>
 *
 * <p>Each migration runs in its own transaction: PostgreSQL DDL is transactional, so a migration
 * that fails leaves the database as it was before that migration and raises a {@link
 * MigrationFailedException}. Migrations applied before the failing one stay applied.
 *
 * <p>Instances are immutable and safe to share between threads. Concurrent {@code migrate()} calls
 * against the same database are serialized by Flyway's lock on its history table. No method accepts
 * or returns {@code null}.
 */
public final class Migrations {

  /** Where the backref migrations live on the classpath. */
  public static final String DEFAULT_LOCATION = "classpath:db/migration";

  /**
   * An optional second location, for a Citus deployment only: {@code V4.100}..{@code V4.103} reshape
   * the keys so that the tables can be distributed (posts and post_tags keyed by user, username
   * uniqueness in a lookup table), and distribute them when the citus extension is installed. Use
   * it together with {@link #DEFAULT_LOCATION}, never alone: {@code Migrations.of(dataSource,
   * DEFAULT_LOCATION, CITUS_LOCATION)}. The scripts run on plain PostgreSQL too, where the library
   * behaves as before; docs/scaling.md says what changes and why.
   */
  public static final String CITUS_LOCATION = "classpath:db/citus";

  private final Flyway flyway;

  private Migrations(DataSource dataSource, List<String> locations) {
    this.flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(locations.toArray(String[]::new))
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .cleanDisabled(true)
            .load();
  }

  /**
   * Migrations from {@value #DEFAULT_LOCATION} against {@code dataSource}.
   *
   * @throws NullPointerException if {@code dataSource} is null
   */
  public static Migrations of(DataSource dataSource) {
    return of(dataSource, DEFAULT_LOCATION);
  }

  /**
   * Migrations from the given Flyway locations (for example {@code "classpath:db/migration"} or
   * {@code "filesystem:/opt/app/sql"}) against {@code dataSource}.
   *
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if no location is given
   */
  public static Migrations of(DataSource dataSource, String... locations) {
    Objects.requireNonNull(dataSource, "dataSource");
    List<String> copy = List.copyOf(Arrays.asList(locations));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one migration location is required");
    }
    return new Migrations(dataSource, copy);
  }

  /**
   * Applies every pending migration, in version order.
   *
   * @return what was applied; empty when the database was already up to date
   * @throws MigrationValidationException if an applied migration no longer matches its script
   * @throws MigrationFailedException if a migration fails or the database cannot be reached
   */
  public MigrationReport migrate() {
    try {
      MigrateResult result = flyway.migrate();
      List<MigrationReport.Applied> applied =
          result.migrations.stream()
              .map(
                  (MigrateOutput output) ->
                      new MigrationReport.Applied(
                          output.version, output.description, output.filepath))
              .toList();
      Optional<String> initial = Optional.ofNullable(result.initialSchemaVersion);
      Optional<String> current =
          applied.isEmpty() ? initial : Optional.ofNullable(result.targetSchemaVersion);
      return new MigrationReport(initial, current, applied);
    } catch (FlywayValidateException e) {
      throw new MigrationValidationException(e.getMessage(), List.of(e.getMessage()), e);
    } catch (FlywayException e) {
      throw new MigrationFailedException("Migration failed: " + e.getMessage(), e);
    }
  }

  /**
   * The state of every known migration: applied ones from the history table, pending ones from
   * the scripts.
   *
   * @throws MigrationFailedException if the database cannot be reached
   */
  public List<MigrationStatus> info() {
    try {
      return Arrays.stream(flyway.info().all()).map(Migrations::status).toList();
    } catch (FlywayException e) {
      throw new MigrationFailedException("Cannot read migration state: " + e.getMessage(), e);
    }
  }

  /**
   * The migrations that {@link #migrate()} would apply.
   *
   * @throws MigrationFailedException if the database cannot be reached
   */
  public List<MigrationStatus> pending() {
    return info().stream().filter(s -> s.state() == MigrationStatus.State.PENDING).toList();
  }

  /**
   * Checks that the applied migrations match the scripts: same checksums, none missing, none
   * edited. Pending migrations are not an error.
   *
   * @throws MigrationValidationException naming each migration that does not match
   * @throws MigrationFailedException if the database cannot be reached
   */
  public void validate() {
    ValidateResult result;
    try {
      result = flyway.validateWithResult();
    } catch (FlywayException e) {
      throw new MigrationFailedException("Cannot validate migrations: " + e.getMessage(), e);
    }
    List<String> problems =
        result.invalidMigrations.stream()
            .filter(output -> !isPendingOnly(output))
            .map(Migrations::describe)
            .toList();
    if (!problems.isEmpty()) {
      throw new MigrationValidationException(
          "Applied migrations do not match their scripts: " + String.join("; ", problems),
          problems,
          null);
    }
  }

  private static boolean isPendingOnly(ValidateOutput output) {
    return output.errorDetails != null
        && output.errorDetails.errorCode == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED;
  }

  private static String describe(ValidateOutput output) {
    String message = output.errorDetails == null ? "invalid" : output.errorDetails.errorMessage;
    return "version " + output.version + " (" + output.description + "): " + message;
  }

  private static MigrationStatus status(MigrationInfo info) {
    return new MigrationStatus(
        info.getVersion() == null ? "" : info.getVersion().getVersion(),
        info.getDescription(),
        info.getScript(),
        state(info.getState()),
        Optional.ofNullable(info.getInstalledOn()).map(java.util.Date::toInstant));
  }

  private static MigrationStatus.State state(MigrationState state) {
    if (state.isFailed()) {
      return MigrationStatus.State.FAILED;
    }
    return switch (state) {
      case PENDING, ABOVE_TARGET, OUT_OF_ORDER -> state.isApplied()
          ? MigrationStatus.State.APPLIED
          : MigrationStatus.State.PENDING;
      case SUCCESS, BASELINE -> MigrationStatus.State.APPLIED;
      case MISSING_SUCCESS -> MigrationStatus.State.MISSING;
      case FUTURE_SUCCESS -> MigrationStatus.State.FUTURE;
      default -> MigrationStatus.State.IGNORED;
    };
  }
}
