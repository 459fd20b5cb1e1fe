package dev.backref.persistence;

import java.util.List;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The root query of a load: which rows of {@code type}'s table, in which order, how many. The limit
 * is rendered as a literal: once the driver prepares a statement on the server (its fifth
 * execution), PostgreSQL may switch to a generic plan that assumes a bound limit keeps 10% of the
 * rows; for "all users" (a huge limit) that plan hash-joins every post and sorts them on disk, four
 * times slower than the index plan it gets when it sees the number.
 *
 * <p>A root with a {@link Shape} has the same SQL on every call but for its bind values: the engine
 * renders its statements once per plan and then only binds (see {@link Statement}).
 *
 * @param order a total order (it ends with a unique column)
 * @param limit at most this many roots, or null for all
 * @param shape what makes the SQL the same from call to call, or null if nothing does
 */
record Root<R>(EntityType<R> type, Supplier<Condition> where, List<SortField<?>> order, Integer limit, Shape shape) {

  Root {
    order = List.copyOf(order);
  }

  /** A root whose statements are rendered on every call (its condition varies in form). */
  Root(EntityType<R> type, Condition condition, List<SortField<?>> order, Integer limit) {
    this(type, () -> condition, order, limit, null);
  }

  /**
   * A root of a fixed shape; its condition is built only if the shape's SQL is not rendered yet
   * (building a jOOQ condition costs about as much as a one-row read's mapping).
   */
  Root(EntityType<R> type, Supplier<Condition> where, List<SortField<?>> order, Shape shape) {
    this(type, where, order, null, shape);
  }

  /**
   * The root of a filtered read: of the fixed shape {@code unfiltered} when the filter set no
   * criteria ({@code condition} is {@code noCondition()}), else rendered on every call.
   */
  static <R> Root<R> filtered(
      EntityType<R> type, Condition condition, List<SortField<?>> order, Integer limit, String unfiltered) {
    return condition == DSL.noCondition()
        ? new Root<>(type, DSL::noCondition, order, limit, Shape.of(unfiltered))
        : new Root<>(type, () -> condition, order, limit, null);
  }

  Condition condition() {
    return where.get();
  }

  /**
   * Names a condition and order whose SQL depends only on the name ({@code "User.byId"}), with the
   * condition's bind values in the order they appear in the SQL, and the id of the one row it
   * selects if it selects by id (else null).
   */
  record Shape(String name, Long id, Object[] binds) {

    /** A shape whose condition has these bind values. */
    static Shape of(String name, Object... binds) {
      return new Shape(name, null, binds);
    }

    /** The shape of {@code id = ?}: at most the row with that id. */
    static Shape byId(String name, long id) {
      return new Shape(name, id, new Object[] {id});
    }
  }
}
