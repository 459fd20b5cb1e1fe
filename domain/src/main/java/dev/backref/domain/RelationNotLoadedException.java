package dev.backref.domain;

import java.util.Objects;

/**
 * A relation was read that the fetch policy of its load did not load. The message names the
 * relation and how to load it.
 *
 * <pre>{@code
 * User user = users.getById(42, FetchPolicy.NONE);
 * user.posts().get(); // RelationNotLoadedException: User#42.posts was not loaded ...
 * }</pre>
 */
public final class RelationNotLoadedException extends IllegalStateException {

  private final String relation;

  /**
   * @param relation the relation, for example {@code "User#42.posts"}
   * @param hint how it could have been loaded
   */
  public RelationNotLoadedException(String relation, String hint) {
    super(Objects.requireNonNull(relation, "relation") + " was not loaded: " + Objects.requireNonNull(hint, "hint"));
    this.relation = relation;
  }

  /** The relation that was read, for example {@code "User#42.posts"}. */
  public String relation() {
    return relation;
  }
}
