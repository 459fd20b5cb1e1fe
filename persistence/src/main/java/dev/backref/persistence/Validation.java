package dev.backref.persistence;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;

/** The rules the schema enforces, checked before SQL so that errors name the field. */
final class Validation {

  private Validation() {}

  static String username(String username) {
    if (username == null) {
      throw new InvalidUsernameException(null, "must not be null");
    }
    String problem = text(username, User.MAX_USERNAME_LENGTH);
    if (problem != null) {
      throw new InvalidUsernameException(username, problem);
    }
    return username;
  }

  static String tagName(String name) {
    if (name == null) {
      throw new InvalidTagNameException(null, "must not be null");
    }
    String problem = text(name, Tag.MAX_NAME_LENGTH);
    if (problem != null) {
      throw new InvalidTagNameException(name, problem);
    }
    return name;
  }

  static String title(String title) {
    if (title == null) {
      throw new InvalidTitleException(null, "must not be null");
    }
    String problem = text(title, Post.MAX_TITLE_LENGTH);
    if (problem != null) {
      throw new InvalidTitleException(title, problem);
    }
    return title;
  }

  static String content(String content) {
    if (content == null) {
      throw new InvalidContentException(null, "must not be null");
    }
    if (content.indexOf('\u0000') >= 0) {
      throw new InvalidContentException(content, "must not contain NUL characters (PostgreSQL text cannot store them)");
    }
    return content;
  }

  private static String text(String value, int maxLength) {
    int length = value.codePointCount(0, value.length());
    if (length == 0) {
      return "must not be empty";
    }
    if (length > maxLength) {
      return "must be at most " + maxLength + " characters, is " + length;
    }
    if (value.indexOf('\u0000') >= 0) {
      return "must not contain NUL characters (PostgreSQL text cannot store them)";
    }
    if (value.codePoints().allMatch(Validation::isSpace)) {
      return "must not be blank";
    }
    return null;
  }

  /** Matches PostgreSQL's {@code [:space:]}, used by the schema's not-blank checks. */
  private static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
