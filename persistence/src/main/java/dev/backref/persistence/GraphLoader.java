package dev.backref.persistence;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The loading engine's entry: runs a {@link LoadPlan} from a {@link Root} query. The root
 * statement folds in every {@link FetchPolicy#JOINED} and {@link FetchPolicy#MULTISET} relation
 * below the root; each other relation is then loaded by its {@link Strategy}, which continues the
 * plan below it. Thread-safe; each call is a load of its own.
 */
final class GraphLoader {

  private final Backref backref;
  private final String repository;

  /** The loader of one repository; {@code repository} names it to listeners: {@code "UserRepository"}. */
  GraphLoader(Backref backref, String repository) {
    this.backref = backref;
    this.repository = repository;
  }

  /**
   * Loads the roots and everything the plan asks for; the graph is complete when this returns.
   * {@code method} names the read to listeners ({@code "findAll"}); without listeners it costs nothing.
   */
  <R> List<R> load(Root<R> root, LoadPlan plan, String method) {
    if (!backref.routesReads()) {
      return loadOn(backref, root, plan, method);
    }
    return backref.read(from -> loadOn(from, root, plan, method));
  }

  /** {@link #load} on {@code from}: this loader's instance, or the replica's; lazy relations keep it. */
  private <R> List<R> loadOn(Backref from, Root<R> root, LoadPlan plan, String method) {
    Metering metering = Metering.of(from, repository, method, root.type(), plan.root());
    if (metering != null) {
      Metering.Tally tally = new Metering.Tally();
      MeteredLoad load = new MeteredLoad(from, metering, tally);
      return metering.read(tally, () -> run(from, root, plan, load));
    }
    return run(from, root, plan, new Load(from));
  }

  private <R> List<R> run(Backref from, Root<R> root, LoadPlan plan, Load load) {
    if (plan.root().sendsStatements()) {
      return from.onOneConnection(dsl -> load(dsl, root, plan, load));
    }
    return load(from.dsl(), root, plan, load);
  }

  private <R> List<R> load(DSLContext dsl, Root<R> root, LoadPlan plan, Load load) {
    load.lock().lock();
    try {
      Pass pass = new Pass(load, dsl, root).startingAt(plan.root());
      List<Object> roots = new ArrayList<>();
      Statement.Sink sink = (link, object) -> roots.add(object);
      Statement first = Statement.root(pass, dsl, root, plan.root());
      List<Statement> after = Ahead.after(pass, dsl, root, plan.root(), first);
      if (after.isEmpty()) {
        first.run(sink);
        pass.follow(plan.root());
      } else {
        dsl.connection(
            connection -> {
              try (Ahead ahead = Ahead.send(connection, pass, first, after, sink)) {
                pass.ahead(ahead);
                pass.follow(plan.root());
              } finally {
                pass.ahead(null);
              }
            });
      }
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
  <R> Batches<R> batches(DSLContext dsl, Root<R> root, LoadPlan plan, String method) {
    Metering metering = Metering.of(backref, repository, method, root.type(), plan.root());
    Metered metered = metering == null ? null : new Metered(metering, new Metering.Tally(), System.nanoTime());
    try {
      Statement statement = Statement.root(null, dsl, root, plan.root());
      int batchSize = backref.batchSize();
      Rows.Cursor cursor = Rows.open(statement.query().fetchSize(batchSize));
      return new Batches<>(dsl, statement, plan, cursor, cursor::close, metered);
    } catch (RuntimeException | Error e) {
      if (metered != null) {
        metered.tally.statement(0);
        metered.metering.loaded(metered.tally, metered.start, e);
      }
      throw e;
    }
  }

  /** A stream's reporting: one event when it is closed, for its root statement and every batch's. */
  private record Metered(Metering metering, Metering.Tally tally, long start) {}

  /** Roots read batch by batch from one open statement. Not thread-safe. */
  final class Batches<R> implements Iterator<R>, AutoCloseable {
    private final DSLContext dsl;
    private final Statement statement;
    private final LoadPlan plan;
    private final Row rows;
    private final Runnable close;
    private final Metered metered;
    private Throwable failure;
    private boolean closed;
    private Iterator<R> current = List.<R>of().iterator();

    private Batches(DSLContext dsl, Statement statement, LoadPlan plan, Row rows, Runnable close, Metered metered) {
      this.dsl = dsl;
      this.statement = statement;
      this.plan = plan;
      this.rows = rows;
      this.close = close;
      this.metered = metered;
      if (metered != null) {
        metered.tally.statement(0);   // the root statement; its rows count as each batch reads them
      }
    }

    @Override
    public boolean hasNext() {
      if (current.hasNext()) {
        return true;
      }
      if (metered == null) {
        if (!rows.onRow()) {
          return false;
        }
        return next(new Load(backref));
      }
      try {
        return rows.onRow() && next(new MeteredLoad(backref, metered.metering, metered.tally));
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      }
    }

    private boolean next(Load load) {
      load.lock().lock();
      try {
        Pass pass = new Pass(load, dsl, null);
        statement.bind(pass);
        List<Object> roots = new ArrayList<>(backref.batchSize());
        int read;
        try {
          read = statement.read(rows, (link, object) -> roots.add(object), backref.batchSize());
        } catch (Rows.UncheckedSql e) {
          throw new DataAccessException("Cannot read the next batch of the stream: " + e.getCause().getMessage(), e.getCause());
        }
        if (metered != null) {
          metered.tally.rows += read;   // the root statement's rows, batch by batch
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

    /** Closes the cursor; the first close reports the stream to listeners. */
    @Override
    public void close() {
      try {
        close.run();
      } finally {
        if (metered != null && !closed) {
          closed = true;
          metered.metering.loaded(metered.tally, metered.start, failure);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> List<R> cast(List<Object> objects) {
    return (List<R>) objects;
  }
}
