package dev.backref.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Migrations#migrate()} call did.
 *
 * <pre>{@code
 * MigrationReport report = Migrations.of(dataSource).migrate();
 * report.applied().forEach(m -> System.out.println("applied " + m.script()));
 * }</pre>
 *
 * @param initialVersion the schema version before the call; empty for an empty database
 * @param currentVersion the schema version after the call; empty if there is none
 * @param applied the migrations applied by this call, in order; empty when nothing was pending
 */
public record MigrationReport(
    Optional<String> initialVersion, Optional<String> currentVersion, List<Applied> applied) {

  /** Validates and copies: no component is null, {@code applied} is immutable. */
  public MigrationReport {
    Objects.requireNonNull(initialVersion, "initialVersion");
    Objects.requireNonNull(currentVersion, "currentVersion");
    applied = List.copyOf(applied);
  }

  /** Whether this call applied nothing because the database was up to date. */
  public boolean upToDate() {
    return applied.isEmpty();
  }

  /**
   * One applied migration.
   *
   * @param version its version, for example {@code "2"}
   * @param description its description, for example {@code "create posts"}
   * @param script the script's path
   */
  public record Applied(String version, String description, String script) {

    /** Rejects null components. */
    public Applied {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(script, "script");
    }
  }
}
