package dev.backref.schema;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one migration, as reported by {@link Migrations#info()}.
 *
 * <pre>{@code
 * for (MigrationStatus s : Migrations.of(dataSource).info()) {
 *   System.out.println(s.version() + " " + s.description() + " " + s.state());
 * }
 * }</pre>
 *
 * @param version the version, for example {@code "1"}
 * @param description the description taken from the script name
 * @param script the script name
 * @param state whether it is applied, pending, failed, ...
 * @param installedOn when it was applied; empty unless applied
 */
public record MigrationStatus(
    String version,
    String description,
    String script,
    State state,
    Optional<Instant> installedOn) {

  /** Rejects null components. */
  public MigrationStatus {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(installedOn, "installedOn");
  }

  /** Where a migration stands. */
  public enum State {
    /** Known as a script, not yet applied. */
    PENDING,
    /** Applied successfully. */
    APPLIED,
    /** Applied and failed (only possible on databases without transactional DDL). */
    FAILED,
    /** Applied, but its script is no longer on the migration path. */
    MISSING,
    /** Applied by a newer version of the schema than these scripts know. */
    FUTURE,
    /** Neither applied nor going to be (for example below the baseline). */
    IGNORED
  }
}
