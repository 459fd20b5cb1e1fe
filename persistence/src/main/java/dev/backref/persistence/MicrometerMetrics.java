package dev.backref.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BackrefListener} that records reads and lazy loads as Micrometer meters, and warns about
 * N+1 lazy loading. Needs {@code io.micrometer:micrometer-core} on the classpath, which {@code
 * backref-persistence} declares optional: add it to your application's dependencies.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();   // or your Prometheus, OTLP, ... registry
 * Backref backref = Backref.builder(dataSource)
 *     .listener(MicrometerMetrics.builder(registry).lazyLoadThreshold(10).build())
 *     .build();
 * backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
 * registry.get("backref.load.statements").tag("fetch", "posts=selectin").summary().totalAmount();   // 2.0
 * }</pre>
 *
 * <p><b>Meters.</b>
 *
 * <table>
 *   <caption>Meters and their tags</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code backref.load}</td><td>timer</td><td>repository, method, fetch, outcome</td><td>time of each read</td></tr>
 *   <tr><td>{@code backref.load.statements}</td><td>distribution summary</td><td>repository, method, fetch</td><td>statements per read</td></tr>
 *   <tr><td>{@code backref.load.rows}</td><td>distribution summary</td><td>repository, method, fetch</td><td>rows per read</td></tr>
 *   <tr><td>{@code backref.lazy.loads}</td><td>counter</td><td>relation, policy</td><td>lazy loads</td></tr>
 *   <tr><td>{@code backref.lazy.load}</td><td>timer</td><td>relation, policy, outcome</td><td>time of each lazy load</td></tr>
 *   <tr><td>{@code backref.lazy.load.statements}</td><td>distribution summary</td><td>relation, policy</td><td>statements per lazy load</td></tr>
 *   <tr><td>{@code backref.n_plus_one}</td><td>counter</td><td>relation, repository, method</td><td>reads whose graph loaded one relation lazily more than the threshold</td></tr>
 * </table>
 *
 * <p>Tag values: {@code repository} {@code UserRepository}, {@code PostRepository}, {@code
 * TagRepository}, {@code PostQuery}, {@code TagQuery}; {@code method} as in {@link
 * LoadScope#method()}; {@code outcome} {@code success} or {@code error}; {@code relation} {@code
 * user.posts}, {@code post.author}, {@code post.tags}, {@code tag.posts}; {@code policy} {@code lazy}
 * or {@code batch}. {@code fetch} is the read's plan as text ({@link LoadScope#fetch()}, {@code none}
 * when only roots were read): a call with policies is one of a few values per repository (8 for
 * users and tags, 63 for posts), and plans kept in constants are as few as the constants. A plan
 * built from user input (the {@code blog} app's {@code ?fetch=}) is not bounded, since plans nest to
 * any depth: so this class tags at most {@link Builder#maxFetchValues(int) maxFetchValues} distinct
 * plans (default {@value #DEFAULT_MAX_FETCH_VALUES}, the first seen) and every other one as {@code
 * other}.
 *
 * <p><b>N+1 warnings.</b> A read's graph is one <em>scope</em> ({@link LoadScope}): its lazy loads,
 * whenever and on whatever thread they run, are counted per relation; for a stream, all its
 * batches are one scope. When one relation's count passes the threshold (default {@value
 * #DEFAULT_LAZY_LOAD_THRESHOLD}: on the 11th lazy load of {@code user.posts} from one {@code findAll})
 * the scope is counted in {@code backref.n_plus_one}, once, and a warning is logged at {@code
 * WARNING} through {@link System.Logger} {@code dev.backref.persistence.MicrometerMetrics}, at most
 * once per relation per interval (default one minute, measured on the registry's {@link
 * io.micrometer.core.instrument.Clock}):
 *
 * <pre>
 * user.posts loaded lazily 11 times from one load of users (UserRepository.findAll, fetch posts=lazy),
 * more than 10: consider FetchPolicy.SELECT_IN or FetchPlan.of(userPosts(SELECT_IN)) (N+1 queries;
 * at most one warning per relation every 60 s)
 * </pre>
 *
 * <p>Thread-safe. Meters are registered on first use. Arguments must not be {@code null}.
 */
public final class MicrometerMetrics implements BackrefListener {

  /** Lazy loads of one relation in one scope that are still fine: the 11th warns. */
  public static final int DEFAULT_LAZY_LOAD_THRESHOLD = 10;

  /** At most one N+1 warning per relation per this long. */
  public static final Duration DEFAULT_WARNING_INTERVAL = Duration.ofMinutes(1);

  /** Distinct {@code fetch} tag values kept before others become {@code other}. */
  public static final int DEFAULT_MAX_FETCH_VALUES = 100;

  private static final System.Logger LOG = System.getLogger(MicrometerMetrics.class.getName());
  private static final long NEVER = Long.MIN_VALUE;

  private final MeterRegistry registry;
  private final int threshold;
  private final long intervalNanos;
  private final int maxFetchValues;
  private final Set<String> fetchValues = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, AtomicLong> nextWarning = new ConcurrentHashMap<>();

  private MicrometerMetrics(Builder builder) {
    this.registry = builder.registry;
    this.threshold = builder.threshold;
    this.intervalNanos = builder.interval.toNanos();
    this.maxFetchValues = builder.maxFetchValues;
  }

  /** Metrics into {@code registry} with the defaults. */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder of metrics into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public void loaded(LoadEvent event) {
    LoadScope scope = event.scope();
    Tags tags = Tags.of("repository", scope.repository(), "method", scope.method(), "fetch", fetch(scope.fetch()));
    Timer.builder("backref.load")
        .description("Time of a backref read, with its eager relations")
        .tags(tags)
        .tag("outcome", outcome(event.failure()))
        .register(registry)
        .record(event.nanos(), TimeUnit.NANOSECONDS);
    DistributionSummary.builder("backref.load.statements")
        .description("Statements a backref read sent")
        .baseUnit("statements")
        .tags(tags)
        .register(registry)
        .record(event.statements());
    DistributionSummary.builder("backref.load.rows")
        .description("Rows a backref read received from the JDBC driver")
        .baseUnit("rows")
        .tags(tags)
        .register(registry)
        .record(event.rows());
  }

  @Override
  public void lazyLoaded(LazyLoadEvent event) {
    Tags tags = Tags.of("relation", event.relation(), "policy", FetchPlan.policyName(event.policy()));
    Counter.builder("backref.lazy.loads")
        .description("Relations loaded on first access (LAZY, BATCH)")
        .tags(tags)
        .register(registry)
        .increment();
    Timer.builder("backref.lazy.load")
        .description("Time of a lazy load, with the plan below the relation")
        .tags(tags)
        .tag("outcome", outcome(event.failure()))
        .register(registry)
        .record(event.nanos(), TimeUnit.NANOSECONDS);
    DistributionSummary.builder("backref.lazy.load.statements")
        .description("Statements a lazy load sent")
        .baseUnit("statements")
        .tags(tags)
        .register(registry)
        .record(event.statements());
    if (event.lazyLoadsInScope() == threshold + 1) {
      nPlusOne(event);
    }
  }

  private void nPlusOne(LazyLoadEvent event) {
    LoadScope scope = event.scope();
    Counter.builder("backref.n_plus_one")
        .description("Reads whose graph loaded one relation lazily more times than the threshold")
        .tags("relation", event.relation(), "repository", scope.repository(), "method", scope.method())
        .register(registry)
        .increment();
    long now = registry.config().clock().monotonicTime();
    AtomicLong next = nextWarning.computeIfAbsent(event.relation(), relation -> new AtomicLong(NEVER));
    long allowed = next.get();
    if ((allowed == NEVER || now - allowed >= 0) && next.compareAndSet(allowed, now + intervalNanos)) {
      LOG.log(System.Logger.Level.WARNING, warning(event));
    }
  }

  /** The N+1 warning for {@code event}. */
  private String warning(LazyLoadEvent event) {
    LoadScope scope = event.scope();
    String fetch = scope.fetch().isEmpty() ? "" : ", fetch " + scope.fetch();
    return event.relation() + " loaded lazily " + event.lazyLoadsInScope() + " times from one load of "
        + scope.root().toLowerCase(Locale.ROOT) + "s (" + scope.repository() + "." + scope.method() + fetch + "), more than "
        + threshold + ": consider FetchPolicy.SELECT_IN or " + event.suggestion()
        + " (N+1 queries; at most one warning per relation every " + seconds(intervalNanos) + ")";
  }

  private static String seconds(long nanos) {
    return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + " s" : nanos / 1e9 + " s";
  }

  private String fetch(String text) {
    String value = text.isEmpty() ? "none" : text;
    if (fetchValues.contains(value)) {
      return value;
    }
    synchronized (fetchValues) {
      if (fetchValues.size() < maxFetchValues) {
        fetchValues.add(value);
        return value;
      }
    }
    return "other";
  }

  private static String outcome(Throwable failure) {
    return failure == null ? "success" : "error";
  }

  /**
   * Configures {@link MicrometerMetrics}. Not thread-safe; the built metrics are.
   *
   * <pre>{@code
   * MicrometerMetrics metrics = MicrometerMetrics.builder(registry)
   *     .lazyLoadThreshold(25)
   *     .warningInterval(Duration.ofMinutes(5))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final MeterRegistry registry;
    private int threshold = DEFAULT_LAZY_LOAD_THRESHOLD;
    private Duration interval = DEFAULT_WARNING_INTERVAL;
    private int maxFetchValues = DEFAULT_MAX_FETCH_VALUES;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * How many lazy loads of one relation one scope may run before it counts as N+1 and warns.
     * Default {@value MicrometerMetrics#DEFAULT_LAZY_LOAD_THRESHOLD}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder lazyLoadThreshold(int threshold) {
      if (threshold < 1) {
        throw new IllegalArgumentException("lazyLoadThreshold must be positive, was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * The least time between two N+1 warnings about the same relation (those in between are only
     * counted); zero logs every one. Default one minute.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder warningInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("warningInterval must not be negative, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * How many distinct plans the {@code fetch} tag names before tagging the others {@code other}.
     * Default {@value MicrometerMetrics#DEFAULT_MAX_FETCH_VALUES}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxFetchValues(int maxFetchValues) {
      if (maxFetchValues < 0) {
        throw new IllegalArgumentException("maxFetchValues must not be negative, was " + maxFetchValues);
      }
      this.maxFetchValues = maxFetchValues;
      return this;
    }

    /** Builds the listener; register it with {@link Backref.Builder#listener(BackrefListener)}. */
    public MicrometerMetrics build() {
      return new MicrometerMetrics(this);
    }
  }
}
