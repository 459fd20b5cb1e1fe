package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.annotations.BatchSize;

/** {@code users} for the nested graph under batch fetching: {@code @BatchSize(size = 500)} on the posts, as {@link BatchUser}. */
@Entity(name = "BatchTaggedUser")
@Table(name = "users")
public class BatchTaggedUser extends TaggedUserEntity {

  @OneToMany(mappedBy = "author")
  @OrderBy("createdAt asc, id asc")
  @BatchSize(size = 500)
  private Set<BatchTaggedPost> posts = new LinkedHashSet<>();

  protected BatchTaggedUser() {}

  public BatchTaggedUser(String username) {
    super(username);
  }

  @Override
  public Set<BatchTaggedPost> posts() {
    return posts;
  }
}
