package dev.backref.persistence;

import java.util.Objects;
import java.util.Optional;

/**
 * Simple criteria for {@link PostRepository#findAll}. Immutable; criteria combine with AND.
 *
 * <pre>{@code
 * PostFilter filter = PostFilter.all().authorUsername("alice").titleContains("jooq").taggedWith("java").limit(20);
 * }</pre>
 *
 * <p>Text is compared in Unicode NFC, the form titles and names are stored in. Text that no stored
 * value can contain (NUL, ESC and other control characters; in names also invisible characters) is
 * refused when the filter is built, with the field's {@link InvalidInputException}.
 *
 * @param authorUsername only posts by this user (username compared regardless of case)
 * @param titleContains a substring of the title, compared regardless of case; {@code %} and {@code
 *     _} match themselves
 * @param taggedWith only posts carrying this tag (name compared regardless of case)
 * @param limit at most this many posts (default 1,000)
 */
public record PostFilter(
    Optional<String> authorUsername, Optional<String> titleContains, Optional<String> taggedWith, int limit) {

  /** The default limit. */
  public static final int DEFAULT_LIMIT = 1_000;

  /**
   * Rejects nulls, a non-positive limit and text that no username, title or tag name can contain.
   *
   * @throws InvalidUsernameException if {@code authorUsername} has a control or invisible character
   * @throws InvalidTitleException if {@code titleContains} has a control character or a line break
   * @throws InvalidTagNameException if {@code taggedWith} has a control or invisible character
   */
  public PostFilter {
    Objects.requireNonNull(authorUsername, "authorUsername");
    Objects.requireNonNull(titleContains, "titleContains");
    Objects.requireNonNull(taggedWith, "taggedWith");
    authorUsername.ifPresent(Validation::usernameFilter);
    titleContains.ifPresent(Validation::titleFilter);
    taggedWith.ifPresent(Validation::tagNameFilter);
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** No criteria, {@value #DEFAULT_LIMIT} posts at most. */
  public static PostFilter all() {
    return new PostFilter(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  /** This filter, restricted to posts by {@code username}. */
  public PostFilter authorUsername(String username) {
    return new PostFilter(Optional.of(username), titleContains, taggedWith, limit);
  }

  /** This filter, restricted to titles containing {@code text} (case-insensitive). */
  public PostFilter titleContains(String text) {
    return new PostFilter(authorUsername, Optional.of(text), taggedWith, limit);
  }

  /**
   * This filter, restricted to posts tagged {@code name} (regardless of case). The posts' loaded
   * tags are all their tags, not only this one: the tag selects posts, it does not cut their tags.
   */
  public PostFilter taggedWith(String name) {
    return new PostFilter(authorUsername, titleContains, Optional.of(name), limit);
  }

  /** This filter, with at most {@code limit} posts. */
  public PostFilter limit(int limit) {
    return new PostFilter(authorUsername, titleContains, taggedWith, limit);
  }
}
