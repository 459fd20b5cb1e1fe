package dev.backref.persistence;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Translates constraint violations into the exceptions that validation would have raised. */
final class Constraints {

  private Constraints() {}

  /** The violated constraint's name, or null if {@code e} is not a constraint violation. */
  static String violated(DataAccessException e) {
    SQLException cause = e.getCause(SQLException.class);
    if (cause instanceof PSQLException psql) {
      ServerErrorMessage message = psql.getServerErrorMessage();
      String state = psql.getSQLState();
      if (message != null && state != null && state.startsWith("23")) {
        return message.getConstraint();
      }
    }
    return null;
  }

  static RuntimeException forUsername(DataAccessException e, String username) {
    String constraint = violated(e);
    if (constraint == null) {
      return e;
    }
    return switch (constraint) {
      case "users_username_lower_key" -> new DuplicateUsernameException(username, e);
      case "users_username_length_check" ->
          new InvalidUsernameException(username, "must be 1 to 80 characters", e);
      case "users_username_not_blank_check" -> new InvalidUsernameException(username, "must not be blank", e);
      case "users_username_printable_check" -> new InvalidUsernameException(username, printable(username, Validation.Characters.NAME), e);
      case "users_username_trimmed_check" -> new InvalidUsernameException(username, trimmed(username), e);
      case "users_username_nfc_check" -> new InvalidUsernameException(username, NOT_NFC, e);
      default -> e;
    };
  }

  static RuntimeException forTagName(DataAccessException e, String name) {
    String constraint = violated(e);
    if (constraint == null) {
      return e;
    }
    return switch (constraint) {
      case "tags_name_lower_key" -> new DuplicateTagNameException(name, e);
      case "tags_name_length_check" -> new InvalidTagNameException(name, "must be 1 to 50 characters", e);
      case "tags_name_not_blank_check" -> new InvalidTagNameException(name, "must not be blank", e);
      case "tags_name_printable_check" -> new InvalidTagNameException(name, printable(name, Validation.Characters.NAME), e);
      case "tags_name_trimmed_check" -> new InvalidTagNameException(name, trimmed(name), e);
      case "tags_name_nfc_check" -> new InvalidTagNameException(name, NOT_NFC, e);
      default -> e;
    };
  }

  /** {@code post} is the one written, or the first of several written in one statement. */
  static RuntimeException forPost(DataAccessException e, long userId, NewPost post) {
    String constraint = violated(e);
    if (constraint == null) {
      return e;
    }
    String title = post.title();
    return switch (constraint) {
      case "posts_user_id_fkey" -> UserNotFoundException.byId(userId);
      case "posts_title_length_check" -> new InvalidTitleException(title, "must be 1 to 120 characters", e);
      case "posts_title_not_blank_check" -> new InvalidTitleException(title, "must not be blank", e);
      case "posts_title_printable_check" -> new InvalidTitleException(title, printable(title, Validation.Characters.TITLE), e);
      case "posts_title_trimmed_check" -> new InvalidTitleException(title, trimmed(title), e);
      case "posts_title_nfc_check" -> new InvalidTitleException(title, NOT_NFC, e);
      case "posts_content_printable_check" ->
          new InvalidContentException(post.content(), printable(post.content(), Validation.Characters.CONTENT), e);
      default -> e;
    };
  }

  private static final String NOT_NFC = "must be in Unicode normalization form NFC";

  /**
   * What validation says of {@code value}, or the rule in general: the schema lists the characters
   * explicitly, and a Java with another Unicode version may disagree on a rare one.
   */
  private static String printable(String value, Validation.Characters refused) {
    String problem = value == null ? null : refused.problem(value);
    return problem != null ? problem : refused.reason();
  }

  private static String trimmed(String value) {
    String problem = value == null ? null : Validation.edgesProblem(value);
    return problem != null ? problem : "must not start or end with whitespace";
  }
}
