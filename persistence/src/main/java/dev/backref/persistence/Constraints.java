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
      default -> e;
    };
  }

  static RuntimeException forPost(DataAccessException e, long userId, String title) {
    String constraint = violated(e);
    if (constraint == null) {
      return e;
    }
    return switch (constraint) {
      case "posts_user_id_fkey" -> UserNotFoundException.byId(userId);
      case "posts_title_length_check" -> new InvalidTitleException(title, "must be 1 to 120 characters", e);
      case "posts_title_not_blank_check" -> new InvalidTitleException(title, "must not be blank", e);
      default -> e;
    };
  }
}
