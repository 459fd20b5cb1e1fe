package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code users} for the nested graph under {@code join fetch} and the entity graph. No fetch annotation. */
@Entity(name = "TaggedUser")
@Table(name = "users")
public class TaggedUser extends TaggedUserEntity {

  @OneToMany(mappedBy = "author")
  @OrderBy("createdAt asc, id asc")
  private Set<TaggedPost> posts = new LinkedHashSet<>();

  protected TaggedUser() {}

  public TaggedUser(String username) {
    super(username);
  }

  @Override
  public Set<TaggedPost> posts() {
    return posts;
  }
}
