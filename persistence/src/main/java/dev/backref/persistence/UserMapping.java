package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.USERS;

import dev.backref.domain.User;
import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/** {@code users} to {@link User}: id, username, created_at, version. */
final class UserMapping implements EntityType<User> {

  static final UserMapping USER = new UserMapping();

  private static final Field<?>[] COLUMNS = {USERS.ID, USERS.USERNAME, USERS.CREATED_AT, USERS.VERSION};

  private UserMapping() {}

  @Override
  public String name() {
    return "User";
  }

  @Override
  public Table<?> table() {
    return USERS;
  }

  @Override
  public String alias() {
    return "u";
  }

  @Override
  public Field<?>[] columns(Table<?> table) {
    if (table == USERS) {
      return COLUMNS.clone();
    }
    return new Field<?>[] {
      table.field(USERS.ID),
      table.field(USERS.USERNAME),
      table.field(USERS.CREATED_AT),
      table.field(USERS.VERSION)
    };
  }

  @Override
  public Field<Long> id(Table<?> table) {
    return table.field(USERS.ID);
  }

  @Override
  public long id(User user) {
    return user.id();
  }

  @Override
  public RuntimeException notFound(long id) {
    return UserNotFoundException.byId(id);
  }

  @Override
  public List<Association<User, ?>> associations() {
    return List.of(Associations.USER_POSTS);
  }

  @Override
  public User read(long id, Row row, int first, Relations relations) throws SQLException {
    return User.of(
        id,
        row.getString(first + 1),
        row.getInstant(first + 2),
        row.getLong(first + 3),
        relations.many(Associations.USER_POSTS));
  }
}
