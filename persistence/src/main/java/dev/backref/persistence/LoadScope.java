package dev.backref.persistence;

import java.util.Objects;

/**
 * One repository read and the graph it built: where it came from and what it fetched. The read's
 * {@link LoadEvent} and every {@link LazyLoadEvent} of relations of that graph carry the same
 * instance, so that a listener can tell graphs apart by identity ({@code ==}); two reads never share
 * one, and every batch of a stream has one of its own.
 *
 * <pre>{@code
 * scope.repository();   // "UserRepository"
 * scope.method();       // "findAll"
 * scope.root();         // "User"
 * scope.fetch();        // "posts=lazy"
 * scope.toString();     // "UserRepository.findAll(posts=lazy)"
 * }</pre>
 *
 * <p>Immutable and thread-safe; no value is {@code null}. {@code equals} is identity.
 */
public final class LoadScope {

  private final String repository;
  private final String method;
  private final String root;
  private final String fetch;

  /**
   * A scope; the engine creates them, listeners' tests may too.
   *
   * @param repository the interface called: {@code "UserRepository"}, {@code "PostRepository"},
   *     {@code "TagRepository"}, or the dynamic query: {@code "PostQuery"}, {@code "TagQuery"}
   * @param method the read: {@code "findById"}, {@code "findByUsername"}, {@code "findByName"},
   *     {@code "findAll"}, {@code "page"}, {@code "streamAll"}, {@code "fetch"}, {@code "count"}
   *     ({@code get*} methods report as their {@code find*})
   * @param root the type of the objects read: {@code "User"}, {@code "Post"} or {@code "Tag"}
   * @param fetch what was fetched beyond them, as {@link FetchPlan#toString()} writes a plan without
   *     its declared orders ({@code "posts=selectin,posts.tags=joined"}); a call with policies as
   *     the plan they stand for ({@code findAll(filter, JOINED, SELECT_IN)} on posts: {@code
   *     "author=joined,tags=selectin"}); empty when only the roots were read
   */
  public LoadScope(String repository, String method, String root, String fetch) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.method = Objects.requireNonNull(method, "method");
    this.root = Objects.requireNonNull(root, "root");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
  }

  /** The repository interface, or dynamic query class, that was called: {@code "UserRepository"}. */
  public String repository() {
    return repository;
  }

  /** The read that ran: {@code "findAll"}. */
  public String method() {
    return method;
  }

  /** The type of the objects read: {@code "User"}. */
  public String root() {
    return root;
  }

  /** The plan, as text: {@code "posts=selectin,posts.tags=joined"}; empty for the roots only. */
  public String fetch() {
    return fetch;
  }

  /** {@code "UserRepository.findAll(posts=lazy)"}. */
  @Override
  public String toString() {
    return repository + "." + method + "(" + fetch + ")";
  }
}
