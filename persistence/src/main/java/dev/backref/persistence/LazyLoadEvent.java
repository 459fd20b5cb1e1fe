package dev.backref.persistence;

import java.util.Objects;

/**
 * A deferred relation loaded on first access, as {@link BackrefListener#lazyLoaded} hears it.
 *
 * <pre>{@code
 * List<User> users = backref.users().findAll(UserFilter.all(), FetchPolicy.LAZY);
 * users.get(2).posts().get();   // the third lazy load of this graph:
 * event.relation();             // "user.posts"
 * event.policy();               // LAZY
 * event.scope();                // UserRepository.findAll(posts=lazy), the very instance of the findAll's LoadEvent
 * event.lazyLoadsInScope();     // 3
 * event.suggestion();           // "FetchPlan.of(userPosts(SELECT_IN))"
 * event.statements();           // 1
 * }</pre>
 *
 * <p>Many lazy loads of one relation in one scope are the N+1 problem: {@link MicrometerMetrics}
 * warns past a threshold.
 *
 * <p>Immutable; only {@code failure} may be {@code null}.
 *
 * @param scope the read whose graph the relation belongs to (for a relation loaded lazily below
 *     another lazy one, still the read that built the first)
 * @param relation the relation, as {@code parent.name} in lower case: {@code "user.posts"}, {@code
 *     "post.author"}, {@code "post.tags"}, {@code "tag.posts"}
 * @param policy {@link FetchPolicy#LAZY} or {@link FetchPolicy#BATCH}
 * @param lazyLoadsInScope how many deferred loads of {@code relation} this scope has run, this one
 *     included: 1 for the first
 * @param suggestion the read's plan with this relation loaded by {@link FetchPolicy#SELECT_IN}
 *     instead, as code: {@code "FetchPlan.of(userPosts(SELECT_IN))"}, {@code
 *     "FetchPlan.of(userPosts(JOINED, postTags(SELECT_IN)))"}
 * @param statements the statements this load sent: 1, plus those of the plan below the relation
 * @param rows the rows the JDBC driver returned for them, counted as in {@link LoadEvent#rows()}
 * @param nanos wall time of the load, waiting for the graph's lock included
 * @param failure what the load threw (a {@link RelationLoadException}, say), or {@code null}
 */
public record LazyLoadEvent(
    LoadScope scope,
    String relation,
    FetchPolicy policy,
    int lazyLoadsInScope,
    String suggestion,
    int statements,
    long rows,
    long nanos,
    Throwable failure) {

  public LazyLoadEvent {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(suggestion, "suggestion");
  }

  /** Whether the relation loaded. */
  public boolean succeeded() {
    return failure == null;
  }
}
