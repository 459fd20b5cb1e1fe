package dev.backref.examples.blog;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;

import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.NewPost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class BlogService {

  /** A user, its posts and their tags: one statement each (per 1,000 posts for the tags). */
  private static final FetchPlan<User> POSTS_WITH_TAGS = FetchPlan.of(userPosts(SELECT_IN, postTags(SELECT_IN)));

  private final Backref backref;

  public BlogService(Backref backref) {   // the starter's bean
    this.backref = backref;
  }

  /** The user and a first post, or neither: a refused title or tag rolls the user back too. */
  @Transactional
  public User register(String username, String title, String content, List<String> tags) {
    User user = backref.users().create(username);
    backref.posts().create(user.id(), new NewPost(title, content), tags);
    return backref.users().getById(user.id(), POSTS_WITH_TAGS);   // sees the uncommitted rows
  }

  /** Creates the users that are free; a taken name is skipped and the transaction goes on. */
  @Transactional
  public Imported importUsers(List<String> usernames) {
    List<String> created = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String username : usernames) {
      try {
        created.add(backref.users().create(username).username());
      } catch (DuplicateUsernameException taken) {   // refused in a savepoint of its own
        skipped.add(username);
      }
    }
    return new Imported(created, skipped);
  }

  @Transactional(readOnly = true)
  public Optional<User> find(String username) {
    return backref.users().findByUsername(username, POSTS_WITH_TAGS);
  }

  public record Imported(List<String> created, List<String> skipped) {}
}
