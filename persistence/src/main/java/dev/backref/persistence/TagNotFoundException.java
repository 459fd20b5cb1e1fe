package dev.backref.persistence;

import java.util.Optional;

/**
 * No tag has the given id or name.
 *
 * <pre>{@code
 * tags.getByName("nosuch", FetchPolicy.NONE); // throws TagNotFoundException: No tag named 'nosuch'
 * }</pre>
 */
public final class TagNotFoundException extends NotFoundException {

  private final Long id;
  private final String name;

  private TagNotFoundException(String message, Long id, String name) {
    super(message);
    this.id = id;
    this.name = name;
  }

  static TagNotFoundException byId(long id) {
    return new TagNotFoundException("No tag with id " + id, id, null);
  }

  static TagNotFoundException byName(String name) {
    return new TagNotFoundException("No tag named '" + Validation.shown(name) + "'", null, name);
  }

  /** The id looked for, if the lookup was by id. */
  public Optional<Long> id() {
    return Optional.ofNullable(id);
  }

  /** The name looked for, if the lookup was by name. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }
}
