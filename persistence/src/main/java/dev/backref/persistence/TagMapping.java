package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.TAGS;

import dev.backref.domain.Tag;
import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/** {@code tags} to {@link Tag}: id, name, created_at, version. */
final class TagMapping implements EntityType<Tag> {

  static final TagMapping TAG = new TagMapping();

  private static final Field<?>[] COLUMNS = {TAGS.ID, TAGS.NAME, TAGS.CREATED_AT, TAGS.VERSION};

  private TagMapping() {}

  @Override
  public String name() {
    return "Tag";
  }

  @Override
  public Table<?> table() {
    return TAGS;
  }

  @Override
  public String alias() {
    return "t";
  }

  @Override
  public Field<?>[] columns(Table<?> table) {
    if (table == TAGS) {
      return COLUMNS.clone();
    }
    return new Field<?>[] {
      table.field(TAGS.ID),
      table.field(TAGS.NAME),
      table.field(TAGS.CREATED_AT),
      table.field(TAGS.VERSION)
    };
  }

  @Override
  public Field<Long> id(Table<?> table) {
    return table.field(TAGS.ID);
  }

  @Override
  public long id(Tag tag) {
    return tag.id();
  }

  @Override
  public RuntimeException notFound(long id) {
    return TagNotFoundException.byId(id);
  }

  @Override
  public List<Association<Tag, ?>> associations() {
    return List.of(Associations.TAG_POSTS);
  }

  @Override
  public Tag read(long id, Row row, int first, Relations relations) throws SQLException {
    return Tag.of(
        id,
        row.getString(first + 1),
        row.getInstant(first + 2),
        row.getLong(first + 3),
        relations.many(Associations.TAG_POSTS));
  }
}
