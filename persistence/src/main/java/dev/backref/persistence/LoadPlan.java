package dev.backref.persistence;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * What one load fetches: a tree of nodes, one per place an entity is reached from the root, and for
 * each node the relations to follow with their {@link FetchPolicy}. Checked when built, before any
 * SQL: a plan that cannot be honoured never starts loading. Immutable and thread-safe (but for a cache of rendered SQL per node, which is concurrent).
 */
final class LoadPlan {

  /**
   * One relation to follow from a node, with its policy, what to follow from its children, and the
   * declared order of a to-many relation's children (null for the relation's default).
   */
  record Edge(Association<?, ?> association, FetchPolicy policy, Node child, List<TableField<?, ?>> orderFields, List<SortOrder> orderDirections) {

    /**
     * The children's order over {@code table} (the child table or an alias of it): the declared
     * order, then the id so that the order is total; or the relation's default order.
     */
    List<SortField<?>> order(Table<?> table) {
      if (orderFields == null) {
        return association.order(table);
      }
      List<SortField<?>> order = new ArrayList<>(orderFields.size() + 1);
      boolean hasId = false;
      Field<Long> id = association.child().id(table);
      for (int i = 0; i < orderFields.size(); i++) {
        Field<?> field = table.field(orderFields.get(i));
        hasId |= field.getName().equals(id.getName());
        order.add(field.sort(orderDirections.get(i)));
      }
      if (!hasId) {
        order.add(id.asc());
      }
      return order;
    }
  }

  /** A place in the graph: the root, or the children of one relation followed from its parent. */
  static final class Node {
    private static final int MAX_RENDERED = 64;
    private final EntityType<?> type;
    private final Node parent;
    private Edge via;
    private final List<Edge> edges = new ArrayList<>();
    private Association<?, ?>[] associations;
    private boolean[] pending;
    private String[] notLoaded;
    private Association<?, ?> backReference;
    private boolean identity;
    private boolean typeRepeats;
    private boolean tracked;
    private boolean sendsStatements;
    private volatile String text;
    private final Map<Object, Statement.Rendered> rendered = new ConcurrentHashMap<>(4);

    private Node(EntityType<?> type, Node parent) {
      this.type = type;
      this.parent = parent;
    }

    EntityType<?> type() {
      return type;
    }

    /** The node whose objects reached this one; null for the root. */
    Node parent() {
      return parent;
    }

    /** The edge that reached this node; null for the root. */
    Edge via() {
      return via;
    }

    List<Edge> edges() {
      return edges;
    }

    /**
     * Whether objects of this node may repeat within one load, or also appear at another node, so
     * that rows must be resolved through the load's identity map.
     */
    boolean identity() {
      return identity;
    }

    /** Whether the node's type appears at another node of the plan too. */
    boolean typeRepeats() {
      return typeRepeats;
    }

    /** The child-side relation that points back at the parent for free (post.author under user.posts). */
    Association<?, ?> backReference() {
      return backReference;
    }

    Edge edge(Association<?, ?> association) {
      for (Edge edge : edges) {
        if (edge.association() == association) {
          return edge;
        }
      }
      return null;
    }

    /**
     * Whether a load must remember the objects this node reached: to follow its relations, or to
     * complete the relations of objects other places of the plan may reach too.
     */
    boolean tracked() {
      return tracked;
    }

    /**
     * Whether loading from this node (its own statement and what folds into it) sends further
     * statements right away, so that the whole load should run on one connection.
     */
    boolean sendsStatements() {
      return sendsStatements;
    }

    /**
     * Whether an object built at this node gets {@code association} pending (the load completes it),
     * rather than not loaded from the start. Decided once per plan, read once per row.
     */
    boolean startsPending(Association<?, ?> association) {
      Association<?, ?>[] known = associations;
      for (int i = 0; i < known.length; i++) {
        if (known[i] == association) {
          return pending[i];
        }
      }
      throw new IllegalArgumentException(association.qualifiedName() + " is not a relation of " + type.name());
    }

    /** Why the node's objects do not have {@code association} loaded, for its exception's message. */
    String notLoadedHint(Association<?, ?> association) {
      Association<?, ?>[] known = associations;
      for (int i = 0; i < known.length; i++) {
        if (known[i] == association) {
          return notLoaded[i];
        }
      }
      throw new IllegalArgumentException(association.qualifiedName() + " is not a relation of " + type.name());
    }

    /**
     * What is fetched below this node, as {@link FetchPlan#toString()} writes a plan but without
     * declared orders: {@code "posts=selectin,posts.tags=joined"}; empty if nothing. For listeners
     * only; built on first use, then kept.
     */
    String text() {
      String described = text;
      if (described == null) {
        List<String> parts = new ArrayList<>();
        describe(this, "", parts);
        described = String.join(",", parts);
        text = described;
      }
      return described;
    }

    private static void describe(Node node, String prefix, List<String> into) {
      for (Edge edge : node.edges) {
        String name = edge.association().name();
        String path = prefix.isEmpty() ? name : prefix + "." + name;
        into.add(path + "=" + FetchPlan.policyName(edge.policy()));
        describe(edge.child(), path, into);
      }
    }

    /** How this node was reached, for messages: {@code "Post.author"}, or null for the root. */
    String path() {
      return via == null ? null : via.association().qualifiedName();
    }

    /** The SQL rendered for a statement of this node with that shape, or null (see {@link Statement}). */
    Statement.Rendered rendered(Object shape) {
      return rendered.get(shape);
    }

    /**
     * Keeps the SQL of a statement shape. A node has a handful of shapes (one per root query kind and
     * limit, one per kind of link condition); past {@value #MAX_RENDERED}, for example a limit that
     * changes on every call, the SQL is rendered each time instead of growing the map.
     */
    void rendered(Object shape, Statement.Rendered sql) {
      if (rendered.size() < MAX_RENDERED) {
        rendered.putIfAbsent(shape, sql);
      }
    }
  }

  /** A relation to follow and what to follow below it, before the plan is checked; {@code order} may be null. */
  record Step(Association<?, ?> association, FetchPolicy policy, List<Step> then, List<SortField<?>> order) {
    Step {
      Objects.requireNonNull(association, "association");
      Objects.requireNonNull(policy, "policy");
      then = List.copyOf(then);
      order = order == null ? null : List.copyOf(order);
    }

    static Step of(Association<?, ?> association, FetchPolicy policy) {
      return new Step(association, policy, List.of(), null);
    }
  }

  private final Node root;

  private LoadPlan(Node root) {
    this.root = root;
  }

  Node root() {
    return root;
  }

  /** A plan that loads only the root rows. */
  static LoadPlan of(EntityType<?> root) {
    return of(root, List.of());
  }

  /**
   * A checked plan whose roots are the children of {@code via} (a dynamic query's results): a
   * one-to-many relation's children point back at their owner.
   */
  static LoadPlan below(Association<?, ?> via, List<Step> steps) {
    LoadPlan plan = of(via.child(), steps);
    if (via instanceof Association.OneToMany<?, ?> oneToMany) {
      for (Association<?, ?> candidate : via.child().associations()) {
        if (candidate.name().equals(oneToMany.inverseName()) && !candidate.toMany()) {
          plan.root.backReference = candidate;
        }
      }
    }
    return plan;
  }

  /**
   * A checked plan over {@code root}.
   *
   * @throws IllegalArgumentException if a step cannot be honoured
   */
  static LoadPlan of(EntityType<?> rootType, List<Step> steps) {
    Node root = new Node(rootType, null);
    for (Step step : steps) {
      add(root, step);
    }
    Map<EntityType<?>, Integer> occurrences = new IdentityHashMap<>();
    count(root, occurrences);
    settle(root, occurrences, true);
    return new LoadPlan(root);
  }

  private static void add(Node node, Step step) {
    Association<?, ?> association = step.association();
    if (association.parent() != node.type) {
      throw new IllegalArgumentException(
          association.qualifiedName() + " does not start at " + node.type.name()
              + (node.path() == null ? "" : " (reached through " + node.path() + ")"));
    }
    if (node.edge(association) != null) {
      throw new IllegalArgumentException(association.qualifiedName() + " appears twice at the same place of the plan");
    }
    FetchPolicy policy = step.policy();
    if (policy == FetchPolicy.DYNAMIC && !association.toMany()) {
      throw new IllegalArgumentException(
          "FetchPolicy.DYNAMIC applies to to-many relations; " + association.qualifiedName() + " is a single row");
    }
    if ((policy == FetchPolicy.NONE || policy == FetchPolicy.DYNAMIC) && !step.then().isEmpty()) {
      throw new IllegalArgumentException(
          association.qualifiedName() + " is " + policy + ": nothing below it can load");
    }
    List<TableField<?, ?>> orderFields = null;
    List<SortOrder> orderDirections = null;
    if (step.order() != null) {
      if (!association.toMany()) {
        throw new IllegalArgumentException(association.qualifiedName() + " is a single row: it has no order to declare");
      }
      orderFields = new ArrayList<>();
      orderDirections = new ArrayList<>();
      for (SortField<?> sort : step.order()) {
        if (!(sort.$field() instanceof TableField<?, ?> column) || !column.getTable().equals(association.child().table())) {
          throw new IllegalArgumentException(
              "The order of " + association.qualifiedName() + " takes columns of " + association.child().table().getName()
                  + ", not " + sort.$field());
        }
        orderFields.add(column);
        orderDirections.add(sort.getOrder() == SortOrder.DESC ? SortOrder.DESC : SortOrder.ASC);
      }
    }
    Node placed = new Node(association.child(), node);
    placed.via = new Edge(association, policy, placed, orderFields, orderDirections);
    node.edges.add(placed.via);
    for (Step next : step.then()) {
      add(placed, next);
    }
    if (policy == FetchPolicy.JOINED && association.toMany()) {
      requireOneJoinedCollection(node, association);
    }
  }

  /**
   * One statement may join at most one to-many relation at each level: two joined collections of
   * one parent would multiply each other's rows (10 tags x 15 comments = 150 rows per post).
   */
  private static void requireOneJoinedCollection(Node node, Association<?, ?> added) {
    int collections = 0;
    for (Edge edge : node.edges) {
      if (edge.policy() == FetchPolicy.JOINED && edge.association().toMany()) {
        collections++;
      }
    }
    if (collections > 1) {
      throw new IllegalArgumentException(
          "Two to-many relations of " + node.type.name() + " are JOINED, including " + added.qualifiedName()
              + ": one statement would multiply their rows; load one of them with SELECT_IN or SUBQUERY");
    }
  }

  private static boolean sendsStatements(Node node) {
    for (Edge edge : node.edges) {
      switch (edge.policy()) {
        case SELECT_IN, SUBQUERY -> {
          return true;
        }
        case JOINED, MULTISET -> {
          if (edge.child().sendsStatements) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  private static String hint(Node node, Association<?, ?> association) {
    Edge edge = node.edge(association);
    if (edge != null && edge.policy() == FetchPolicy.NONE) {
      return "it was loaded with FetchPolicy.NONE; load " + association.name()
          + " with JOINED, MULTISET, SUBQUERY, SELECT_IN, LAZY or BATCH"
          + (association.toMany() ? ", or query them with DYNAMIC" : "");
    }
    String type = node.type.name().toLowerCase(java.util.Locale.ROOT);
    String addIt = "; add it to the plan: " + planWith(node, association);
    if (node.via == null) {
      return "the fetch plan of this load does not include it" + addIt;
    }
    return "the " + type + " was loaded as " + node.path() + ", and the fetch plan of this load does not follow "
        + association.qualifiedName() + " from there" + addIt;
  }

  /**
   * The plan that loads {@code edge} with {@code SELECT_IN} where it is, as code: {@code
   * FetchPlan.of(userPosts(JOINED, postTags(SELECT_IN)))} (the N+1 warning's advice).
   */
  static String suggestion(Edge edge) {
    return planWith(edge.child().parent(), edge.association());
  }

  /** {@code FetchPlan.of(postAuthor(JOINED, userPosts(SELECT_IN)))}: the path to the node, plus the relation. */
  private static String planWith(Node node, Association<?, ?> association) {
    List<Edge> path = new ArrayList<>();
    for (Node at = node; at.via != null; at = at.parent) {
      path.addFirst(at.via);
    }
    StringBuilder text = new StringBuilder("FetchPlan.of(");
    for (Edge edge : path) {
      text.append(factory(edge.association())).append('(').append(edge.policy()).append(", ");
    }
    text.append(factory(association)).append("(SELECT_IN)");
    text.append(")".repeat(path.size() + 1));
    return text.toString();
  }

  /** The {@link Fetch} factory of an association: {@code userPosts}, {@code postTags}. */
  static String factory(Association<?, ?> association) {
    String name = association.name();
    return association.parent().name().toLowerCase(java.util.Locale.ROOT)
        + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static void count(Node node, Map<EntityType<?>, Integer> occurrences) {
    occurrences.merge(node.type, 1, Integer::sum);
    for (Edge edge : node.edges) {
      count(edge.child(), occurrences);
    }
  }

  private static void settle(Node node, Map<EntityType<?>, Integer> occurrences, boolean unique) {
    node.typeRepeats = occurrences.get(node.type) > 1;
    node.identity = node.typeRepeats || !unique;
    if (node.via != null && node.via.association() instanceof Association.OneToMany<?, ?> oneToMany) {
      for (Association<?, ?> candidate : node.type.associations()) {
        if (candidate.name().equals(oneToMany.inverseName()) && !candidate.toMany()) {
          node.backReference = candidate;
        }
      }
    }
    List<? extends Association<?, ?>> all = node.type.associations();
    node.associations = all.toArray(new Association<?, ?>[0]);
    node.pending = new boolean[all.size()];
    node.notLoaded = new String[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Association<?, ?> association = all.get(i);
      String hint = hint(node, association);
      Edge edge = node.edge(association);
      node.pending[i] = (edge != null && edge.policy() != FetchPolicy.NONE) || node.typeRepeats;
      node.notLoaded[i] = hint;
    }
    node.tracked = !node.edges.isEmpty() || node.typeRepeats;
    for (Edge edge : node.edges) {
      settle(edge.child(), occurrences, unique && !edge.association().shared());
    }
    node.sendsStatements = sendsStatements(node);
  }
}
