package dev.backref.persistence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * The loading engine's entry: runs a {@link LoadPlan} from a {@link Root} query. The root
 * statement folds in every {@link FetchPolicy#JOINED} and {@link FetchPolicy#MULTISET} relation
 * below the root; each other relation is then loaded by its {@link Strategy}, which continues the
 * plan below it. Thread-safe; each call is a load of its own.
 */
final class GraphLoader {

  private final Backref backref;

  GraphLoader(Backref backref) {
    this.backref = backref;
  }

  /** Loads the roots and everything the plan asks for; the graph is complete when this returns. */
  <R> List<R> load(Root<R> root, LoadPlan plan) {
    if (plan.root().sendsStatements()) {
      return backref.onOneConnection(dsl -> load(dsl, root, plan));
    }
    return load(backref.dsl(), root, plan);
  }

  private <R> List<R> load(DSLContext dsl, Root<R> root, LoadPlan plan) {
    Load load = new Load(backref);
    load.lock().lock();
    try {
      Pass pass = new Pass(load, dsl, root).startingAt(plan.root());
      List<Object> roots = new ArrayList<>();
      Statement.root(pass, dsl, root, plan.root()).run((link, object) -> roots.add(object));
      pass.follow(plan.root());
      pass.finish();
      return cast(roots);
    } finally {
      load.lock().unlock();
    }
  }

  /**
   * The roots, {@code batchSize} at a time, through a server-side cursor on {@code dsl}'s connection
   * (which must be in a transaction for the driver to honour the fetch size); each batch is a load
   * of its own, complete before its first root is returned. Close the iterator's cursor with {@link
   * Batches#close()}.
   */
  <R> Batches<R> batches(DSLContext dsl, Root<R> root, LoadPlan plan) {
    Statement statement = Statement.root(null, dsl, root, plan.root());
    int batchSize = backref.batchSize();
    if (statement.nestsResults()) {
      Cursor<? extends Record> cursor = statement.query().fetchSize(batchSize).fetchLazy();
      return new Batches<>(dsl, statement, plan, new Row.Records(cursor.iterator()), cursor::close);
    }
    Rows.Cursor cursor = Rows.open(statement.query().fetchSize(batchSize));
    return new Batches<>(dsl, statement, plan, cursor, cursor::close);
  }

  /** Roots read batch by batch from one open statement. Not thread-safe. */
  final class Batches<R> implements Iterator<R>, AutoCloseable {
    private final DSLContext dsl;
    private final Statement statement;
    private final LoadPlan plan;
    private final Row rows;
    private final Runnable close;
    private Iterator<R> current = List.<R>of().iterator();

    private Batches(DSLContext dsl, Statement statement, LoadPlan plan, Row rows, Runnable close) {
      this.dsl = dsl;
      this.statement = statement;
      this.plan = plan;
      this.rows = rows;
      this.close = close;
    }

    @Override
    public boolean hasNext() {
      if (current.hasNext()) {
        return true;
      }
      if (!rows.onRow()) {
        return false;
      }
      Load load = new Load(backref);
      load.lock().lock();
      try {
        Pass pass = new Pass(load, dsl, null);
        statement.bind(pass);
        List<Object> roots = new ArrayList<>(backref.batchSize());
        try {
          statement.read(rows, (link, object) -> roots.add(object), backref.batchSize());
        } catch (Rows.UncheckedSql e) {
          throw new DataAccessException("Cannot read the next batch of the stream: " + e.getCause().getMessage(), e.getCause());
        }
        pass.follow(plan.root());
        pass.finish();
        current = GraphLoader.<R>cast(roots).iterator();
      } finally {
        load.lock().unlock();
      }
      return current.hasNext();
    }

    @Override
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      close.run();
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> List<R> cast(List<Object> objects) {
    return (List<R>) objects;
  }
}
