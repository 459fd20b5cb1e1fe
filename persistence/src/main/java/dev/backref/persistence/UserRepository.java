package dev.backref.persistence;

import dev.backref.domain.User;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes {@link User} aggregates. Every read takes the {@link FetchPolicy} for the user's
 * posts, or a {@link FetchPlan} for a whole graph (posts, their tags, those tags' posts...); every
 * write runs in one transaction (or in the caller's, see {@link Backref#inTransaction}).
 *
 * <pre>{@code
 * UserRepository users = Backref.create(dataSource).users();
 * User alice = users.create("alice", List.of(new NewPost("Hello", "First post")));
 * User again = users.getByUsername("ALICE", FetchPolicy.JOINED);   // case-insensitive
 * again.posts().get().getFirst().author() == again;                 // true
 *
 * FetchPlan<User> withTags = FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED)));
 * List<User> users = users.findAll(UserFilter.all().limit(50), withTags);   // 2 statements
 * }</pre>
 *
 * <p>Usernames are stored in Unicode normalization form NFC and compared regardless of case, so
 * "Rene" followed by U+0301 COMBINING ACUTE ACCENT and "René" with the precomposed U+00E9 are one
 * name. A username is 1 to 80 characters (code points, after NFC), not blank, without control or
 * invisible characters (C0 and C1 controls such as NUL, TAB and ESC; zero-width and bidirectional
 * format characters; line and paragraph separators) and without whitespace at either end. A lookup
 * by a name no user can have finds nothing, like any unknown name.
 *
 * <p>Posts of a user are ordered by {@code created_at}, then {@code id}. Lists of users are ordered
 * as each method says. Implementations are thread-safe. Arguments must not be {@code null} unless
 * a method says otherwise; results are never {@code null}.
 */
public interface UserRepository {

  /** The user with this id, with posts loaded as {@code posts} says; empty if there is none. */
  Optional<User> findById(long id, FetchPolicy posts);

  /**
   * The user with this id.
   *
   * @throws UserNotFoundException if there is none
   */
  User getById(long id, FetchPolicy posts);

  /**
   * The user with this username, compared regardless of case and in NFC; empty if there is none. A
   * name with NUL (which no user can have) is empty without SQL.
   */
  Optional<User> findByUsername(String username, FetchPolicy posts);

  /**
   * The user with this username, compared regardless of case and in NFC.
   *
   * @throws UserNotFoundException if there is none, also for a name no user can have
   */
  User getByUsername(String username, FetchPolicy posts);

  /** The users matching {@code filter}, in the filter's order (by default by username, regardless of case). */
  List<User> findAll(UserFilter filter, FetchPolicy posts);

  /**
   * One page of users in username order (regardless of case), starting after {@code afterUsername}
   * (exclusive; {@code null} for the first page). Keyset pagination: the cost does not grow with
   * the page number, and a page of {@code limit} users is {@code limit} users however many posts
   * each has, under every policy. The key is sent as given (it is a position, as {@link Page#next()}
   * returned it), not normalized.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   * @throws InvalidUsernameException if {@code afterUsername} contains NUL or an unpaired surrogate,
   *     which no username can contain
   */
  Page<User> page(String afterUsername, int limit, FetchPolicy posts);

  /** The user with this id, with the graph {@code plan} asks for; empty if there is none. */
  Optional<User> findById(long id, FetchPlan<User> plan);

  /**
   * The user with this id, with the graph {@code plan} asks for.
   *
   * @throws UserNotFoundException if there is none
   */
  User getById(long id, FetchPlan<User> plan);

  /**
   * The user with this username (regardless of case, in NFC), with the graph {@code plan} asks for;
   * empty if there is none, without SQL for a name with NUL.
   */
  Optional<User> findByUsername(String username, FetchPlan<User> plan);

  /**
   * The user with this username (regardless of case, in NFC), with the graph {@code plan} asks for.
   *
   * @throws UserNotFoundException if there is none, also for a name no user can have
   */
  User getByUsername(String username, FetchPlan<User> plan);

  /** The users matching {@code filter}, in the filter's order, with the graph {@code plan} asks for. */
  List<User> findAll(UserFilter filter, FetchPlan<User> plan);

  /** {@link #page(String, int, FetchPolicy)} with the graph {@code plan} asks for. */
  Page<User> page(String afterUsername, int limit, FetchPlan<User> plan);

  /**
   * One page of users in {@code order}, starting after the key {@code after} (exclusive; {@code
   * null} for the first page): a username for {@link UserOrder#USERNAME}, an id in decimal for the
   * id orders, as {@link Page#next()} returns it. Keyset pagination, as {@link #page(String, int,
   * FetchPolicy)}.
   *
   * <pre>{@code
   * Page<User> newest = users.page(UserOrder.ID_DESCENDING, null, 20, FetchPlan.of(userPosts(SELECT_IN)));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code limit} is not positive, or an id order's key is not
   *     a number
   * @throws InvalidUsernameException if a username order's key contains NUL or an unpaired
   *     surrogate
   */
  Page<User> page(UserOrder order, String after, int limit, FetchPlan<User> plan);

  /**
   * {@link #streamAll(FetchPolicy)} with the graph {@code plan} asks for, loaded batch by batch
   * ({@code SUBQUERY} anywhere in the plan behaves as {@code SELECT_IN}). Close the stream.
   */
  Stream<User> streamAll(FetchPlan<User> plan);

  /**
   * Every user, in id order, read through a server-side cursor so that memory stays bounded however
   * many users there are. Users are read and their posts loaded batch by batch ({@link
   * Backref.Builder#batchSize}). The stream holds a connection and an open read-only transaction:
   * close it, preferably with try-with-resources.
   *
   * <pre>{@code
   * try (Stream<User> all = users.streamAll(FetchPolicy.SELECT_IN)) {
   *   all.forEach(user -> export(user, user.posts().get()));
   * }
   * }</pre>
   */
  Stream<User> streamAll(FetchPolicy posts);

  /** The number of users. */
  long count();

  /**
   * Creates a user without posts.
   *
   * @return the new user, its (empty) posts loaded, its username in NFC
   * @throws InvalidUsernameException if the username is null, empty, blank, longer than 80
   *     characters (in NFC), contains a control or invisible character (the reason names it and its
   *     position), or starts or ends with whitespace
   * @throws DuplicateUsernameException if the username is taken, regardless of case and of
   *     canonically equivalent spellings (NFC)
   */
  User create(String username);

  /**
   * Creates a user and its posts in one transaction; the posts are inserted in one batched
   * statement. Nothing is written if anything fails.
   *
   * @return the new user with its posts loaded and linked both ways, in the given order
   * @throws InvalidUsernameException for a bad username, as {@link #create(String)} says (titles and
   *     content are checked when each {@link NewPost} is built)
   * @throws DuplicateUsernameException if the username is taken, regardless of case and of
   *     canonically equivalent spellings (NFC)
   */
  User create(String username, List<NewPost> posts);

  /**
   * Renames the user if it is still at {@code expectedVersion}, incrementing its version.
   *
   * @return the new snapshot (posts not loaded), its username in NFC; the old snapshot is unchanged
   * @throws UserNotFoundException if there is no such user
   * @throws StaleVersionException if the user changed since {@code expectedVersion}
   * @throws InvalidUsernameException for a bad name, as {@link #create(String)} says; nothing is
   *     sent to the database
   * @throws DuplicateUsernameException for a name taken regardless of case and of canonically
   *     equivalent spellings (NFC)
   */
  User rename(long id, long expectedVersion, String newUsername);

  /**
   * Deletes the user and, through the foreign key, its posts.
   *
   * @throws UserNotFoundException if there is no such user
   */
  void delete(long id);
}
