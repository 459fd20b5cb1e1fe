package dev.backref.persistence;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.jooq.DSLContext;

/**
 * Statements of a load whose SQL and bind values are known before its root statement runs, sent in
 * the same round trip as the root statement. Under a root of fixed shape (by id, by name, a keyset
 * page, a {@code findAll} without criteria; see {@link Root.Shape}):
 *
 * <ul>
 *   <li>a {@link FetchPolicy#SUBQUERY} relation of the roots: {@code link = any(array(<the root
 *       query>))} needs nothing from the roots' rows;
 *   <li>a {@link FetchPolicy#SELECT_IN} to-many relation of a root by id: its one key is that id.
 * </ul>
 *
 * <p>The strategies then ask for their statements as they always do; {@link #run} reads the one sent
 * ahead instead when it is that very statement (same relation, shape and bind values), so what is
 * loaded never depends on the guess. A statement sent ahead that no strategy
 * asks for (no root found, or the roots' relation loaded by another place of the plan) has run for
 * nothing, in a round trip that was paid anyway.
 *
 * <p>One per load, on the load's connection; not thread-safe.
 */
final class Ahead implements AutoCloseable {

  /** A statement sent after the root statement: result {@code index} of the pipeline. */
  private record Sent(Statement statement, int index) {}

  private final Rows.Pipeline pipeline;
  private final List<Sent> sent;
  private final Pass pass;

  private Ahead(Rows.Pipeline pipeline, List<Sent> sent, Pass pass) {
    this.pipeline = pipeline;
    this.sent = sent;
    this.pass = pass;
  }

  /**
   * The statements of the relations of {@code node} (the roots' node) that can go with {@code
   * first}, the root statement, as statements of the pass: none unless {@code first} is of a fixed
   * shape.
   */
  static List<Statement> after(Pass pass, DSLContext dsl, Root<?> root, LoadPlan.Node node, Statement first) {
    if (!first.fixed()) {
      return List.of();
    }
    List<Statement> statements = new ArrayList<>(1);
    for (LoadPlan.Edge edge : node.edges()) {
      Statement.Where where = where(pass, root, node, edge);
      if (where != null) {
        Statement statement = Statement.linked(pass, dsl, edge, where, null, null, null, null);
        if (statement.fixed()) {
          statements.add(statement);
        }
      }
    }
    return statements;
  }

  private static Statement.Where where(Pass pass, Root<?> root, LoadPlan.Node node, LoadPlan.Edge edge) {
    Association<?, ?> association = edge.association();
    return switch (edge.policy()) {
      case SUBQUERY -> pass.in(node, association::parentKey);
      case SELECT_IN ->
          association.toMany() && root.shape().id() != null
              ? new Statement.Where.AnyOf(new Long[] {root.shape().id()})
              : null;
      default -> null;
    };
  }

  /**
   * Sends {@code first} and {@code after} in one round trip and reads the result of {@code first}
   * into {@code sink}; the others wait for {@link #run}. Close the returned value.
   */
  static Ahead send(Connection connection, Pass pass, Statement first, List<Statement> after, Statement.Sink sink) {
    List<String> sqls = new ArrayList<>(after.size() + 1);
    List<Object[]> binds = new ArrayList<>(after.size() + 1);
    List<Sent> sent = new ArrayList<>(after.size());
    Rows.Pipeline pipeline;
    try {
      sqls.add(first.sql());
      binds.add(first.binds());
      for (Statement statement : after) {
        sqls.add(statement.sql());
        binds.add(statement.binds());
        sent.add(new Sent(statement, sent.size() + 1));
      }
      pipeline = Rows.Pipeline.send(connection, sqls, binds);
    } catch (RuntimeException | Error e) {
      counted(pass, 1 + after.size(), 0);
      throw e;
    }
    Ahead ahead = new Ahead(pipeline, sent, pass);
    try {
      first.run(pipeline, 0, sink);
      return ahead;
    } catch (RuntimeException | Error e) {
      try {
        ahead.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Reads into {@code sink} the result sent ahead for the statement a strategy asks for, the
   * children of {@code edge} whose link matches {@code where}, if that very statement was sent;
   * says whether it was.
   */
  boolean run(LoadPlan.Edge edge, Statement.Where where, LongFunction<Object> parentOf, Statement.Sink sink) {
    Object shape = where.shape();
    if (shape == null) {
      return false;
    }
    for (int i = 0; i < sent.size(); i++) {
      Sent candidate = sent.get(i);
      Statement statement = candidate.statement();
      if (statement.edge() == edge
          && shape.equals(statement.shape())
          && Arrays.deepEquals(where.binds(), statement.binds())) {
        sent.remove(i);
        statement.parents(parentOf).run(pipeline, candidate.index(), sink);
        return true;
      }
    }
    return false;
  }

  /**
   * Frees the results. A statement sent ahead and not read still counts for the listeners, with the
   * rows PostgreSQL returned for it.
   */
  @Override
  public void close() {
    try {
      if (pass.load() instanceof MeteredLoad metered) {
        for (Sent unread : sent) {
          metered.statement(pipeline.rows(unread.index()));
        }
      }
    } finally {
      sent.clear();
      pipeline.close();
    }
  }

  private static void counted(Pass pass, int statements, int rows) {
    if (pass.load() instanceof MeteredLoad metered) {
      for (int i = 0; i < statements; i++) {
        metered.statement(rows);
      }
    }
  }
}
