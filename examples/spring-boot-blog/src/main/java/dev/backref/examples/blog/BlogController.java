package dev.backref.examples.blog;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.InvalidInputException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /users}, {@code GET /users/{username}}, {@code POST /users/import}. The aggregates
 * link both ways (a post's author holds the post), so responses are views, never the aggregates.
 */
@RestController
public class BlogController {

  private final BlogService blog;

  public BlogController(BlogService blog) {
    this.blog = blog;
  }

  public record Registration(String username, String title, String content, List<String> tags) {}

  public record UserView(long id, String username, List<PostView> posts) {
    static UserView of(User user) {
      return new UserView(user.id(), user.username(), user.posts().get().stream().map(PostView::of).toList());
    }
  }

  public record PostView(long id, String title, String content, List<String> tags) {
    static PostView of(Post post) {
      return new PostView(post.id(), post.title(), post.content(), post.tags().get().stream().map(Tag::name).toList());
    }
  }

  @PostMapping("/users")
  public ResponseEntity<UserView> register(@RequestBody Registration registration) {
    List<String> tags = registration.tags() == null ? List.of() : registration.tags();
    User user = blog.register(registration.username(), registration.title(), registration.content(), tags);
    return ResponseEntity.created(URI.create("/users/" + user.username())).body(UserView.of(user));
  }

  @GetMapping("/users/{username}")
  public ResponseEntity<UserView> user(@PathVariable String username) {
    return ResponseEntity.of(blog.find(username).map(UserView::of));
  }

  @PostMapping("/users/import")
  public BlogService.Imported importUsers(@RequestBody List<String> usernames) {
    return blog.importUsers(usernames);
  }

  @ExceptionHandler
  public ProblemDetail taken(DuplicateUsernameException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler
  public ProblemDetail invalid(InvalidInputException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
