package dev.backref.persistence;

import java.sql.SQLException;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The hand-written mapping of one table to one domain class: which columns a load selects, in
 * which order, and how a row becomes an object. The loading engine knows entities only through
 * this interface; it never reflects on the domain classes.
 *
 * @param <E> the domain class
 */
sealed interface EntityType<E> permits UserMapping, PostMapping, TagMapping {

  /** The domain class's simple name, as in references: {@code "User"}. */
  String name();

  /** The table. */
  Table<?> table();

  /** A short alias for the table when a load wraps its root query in a derived table. */
  String alias();

  /** The selected columns of {@code table} (the table itself or an alias of it), in read order. */
  Field<?>[] columns(Table<?> table);

  /** The primary key column of {@code table}. */
  Field<Long> id(Table<?> table);

  /** The primary key of an object. */
  long id(E entity);

  /** The exception for a row of this type that does not exist, for example {@link UserNotFoundException}. */
  RuntimeException notFound(long id);

  /** Every association whose owner is this type. */
  List<Association<E, ?>> associations();

  /**
   * Builds the object with primary key {@code id} from the row, whose {@link #columns} start at
   * column {@code first} (the id's own column, which the engine has read already); each relation
   * handle comes from {@code relations}.
   */
  E read(long id, Row row, int first, Relations relations) throws SQLException;

  /** Hands a mapping the relation handles of the object it builds, as the load decides them. */
  interface Relations {
    <C> dev.backref.domain.ToMany<C> many(Association<?, C> association);

    <C> dev.backref.domain.ToOne<C> one(Association<?, C> association);
  }
}
