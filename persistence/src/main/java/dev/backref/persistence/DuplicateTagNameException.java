package dev.backref.persistence;

/**
 * Another tag already has this name, possibly with different case ({@code Java} and {@code java}
 * are the same tag). Raised by {@link TagRepository#create} and {@link TagRepository#rename}; tagging
 * a post with an existing name reuses the tag instead.
 *
 * <pre>{@code
 * tags.create("java");
 * tags.create("JAVA"); // DuplicateTagNameException: Tag name 'JAVA' is taken
 * }</pre>
 */
public final class DuplicateTagNameException extends BackrefException {

  private final String name;

  DuplicateTagNameException(String name, Throwable cause) {
    super("Tag name '" + Validation.shown(name) + "' is taken (tag names are unique regardless of case)", cause);
    this.name = name;
  }

  /** The name that was refused. */
  public String name() {
    return name;
  }
}
