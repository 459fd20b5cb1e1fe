package dev.backref.persistence;

import dev.backref.domain.ToOne;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * A relation described once: its tables, keys, join table if any and default order. Every fetch
 * policy is written once against this description (see {@link GraphLoader}); adding a relation
 * adds a constant in {@link Associations}, never a copy of a policy.
 *
 * <p>Every kind reduces to the same question the policies ask: which rows of {@link #source} have
 * their {@link Source#link() link} column equal to a parent's {@link #parentKey key}.
 *
 * @param <P> the owner of the relation
 * @param <C> the related objects
 */
sealed interface Association<P, C> permits Association.ToMany, Association.ManyToOne {

  /** The relation's name on the parent, as in {@code user.posts()}: {@code "posts"}. */
  String name();

  EntityType<P> parent();

  EntityType<C> child();

  /** The name of the relation on the child that leads back, as in {@code post.author()}. */
  String inverseName();

  boolean toMany();

  /** The parent's column whose value the link matches, in {@code parent} (a table or alias). */
  Field<Long> parentKey(Table<?> parent);

  /** That value, read from a loaded parent. */
  long parentKey(P parent);

  /** Where the children are read from, with fresh aliases from {@code aliases}. */
  Source source(Aliases aliases);

  /** The children's default order; ends with a unique column so that it is total. */
  List<SortField<?>> order(Table<?> child);

  /** Whether a child can belong to more than one parent: the same child may be reached twice. */
  boolean shared();

  /** The relation handle on a loaded parent, as a to-many relation. */
  dev.backref.domain.ToMany<C> many(P parent);

  /** The relation handle on a loaded parent, as a to-one relation. */
  ToOne<C> one(P parent);

  /** {@code Post.tags}. */
  default String qualifiedName() {
    return parent().name() + "." + name();
  }

  /**
   * Where children come from. {@code from} is the child table, or the join table joined to it;
   * {@code link} is the column compared with parent keys; {@code linkColumn} is the link's position
   * among the child's selected columns (0-based), or -1 when the query must select it in front.
   */
  record Source(Table<?> from, Table<?> child, Field<Long> link, int linkColumn) {

    Condition linkedTo(Field<Long> parentKey) {
      return link.eq(parentKey);
    }
  }

  /** The to-many kinds: the link matches the parent's own id, and the relation holds a list. */
  sealed interface ToMany<P, C> extends Association<P, C> permits OneToMany, ManyToMany {

    /** The relation handle on a parent, as the domain class exposes it. */
    Function<P, dev.backref.domain.ToMany<C>> relation();

    @Override
    default boolean toMany() {
      return true;
    }

    @Override
    default Field<Long> parentKey(Table<?> table) {
      return parent().id(table);
    }

    @Override
    default long parentKey(P owner) {
      return parent().id(owner);
    }

    @Override
    default dev.backref.domain.ToMany<C> many(P owner) {
      return relation().apply(owner);
    }

    @Override
    default ToOne<C> one(P owner) {
      throw new UnsupportedOperationException(qualifiedName() + " is to-many");
    }
  }

  /** A parent has many children, which point back at it with a foreign key: users.posts. */
  record OneToMany<P, C>(
      String name,
      EntityType<P> parent,
      EntityType<C> child,
      TableField<?, Long> foreignKey,
      int foreignKeyColumn,
      String inverseName,
      Function<P, dev.backref.domain.ToMany<C>> relation,
      Function<Table<?>, List<SortField<?>>> order)
      implements ToMany<P, C> {

    @Override
    public Source source(Aliases aliases) {
      Table<?> table = aliases.next(child.table());
      return new Source(table, table, table.field(foreignKey), foreignKeyColumn);
    }

    @Override
    public List<SortField<?>> order(Table<?> table) {
      return order.apply(table);
    }

    @Override
    public boolean shared() {
      return false;
    }
  }

  /** A child row holds the key of its one parent: posts.author, through posts.user_id. */
  record ManyToOne<P, C>(
      String name,
      EntityType<P> parent,
      EntityType<C> child,
      TableField<?, Long> foreignKey,
      ToLongFunction<P> foreignKeyValue,
      String inverseName,
      Function<P, ToOne<C>> relation)
      implements Association<P, C> {

    @Override
    public boolean toMany() {
      return false;
    }

    @Override
    public Field<Long> parentKey(Table<?> table) {
      return table.field(foreignKey);
    }

    @Override
    public long parentKey(P owner) {
      return foreignKeyValue.applyAsLong(owner);
    }

    @Override
    public Source source(Aliases aliases) {
      Table<?> table = aliases.next(child.table());
      return new Source(table, table, child.id(table), 0);
    }

    @Override
    public List<SortField<?>> order(Table<?> table) {
      return List.of(child.id(table).asc());
    }

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public dev.backref.domain.ToMany<C> many(P owner) {
      throw new UnsupportedOperationException(qualifiedName() + " is to-one");
    }

    @Override
    public ToOne<C> one(P owner) {
      return relation.apply(owner);
    }
  }

  /** Parents and children linked through a join table: posts.tags through post_tags. */
  record ManyToMany<P, C>(
      String name,
      EntityType<P> parent,
      EntityType<C> child,
      Table<?> joinTable,
      TableField<?, Long> joinParent,
      TableField<?, Long> joinChild,
      String inverseName,
      Function<P, dev.backref.domain.ToMany<C>> relation,
      Function<Table<?>, List<SortField<?>>> order)
      implements ToMany<P, C> {

    @Override
    public Source source(Aliases aliases) {
      Table<?> join = aliases.next(joinTable);
      Table<?> table = aliases.next(child.table());
      Table<?> from = join.join(table).on(join.field(joinChild).eq(child.id(table)));
      return new Source(from, table, join.field(joinParent), -1);
    }

    @Override
    public List<SortField<?>> order(Table<?> table) {
      return order.apply(table);
    }

    @Override
    public boolean shared() {
      return true;
    }
  }
}
