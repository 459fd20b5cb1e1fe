package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** {@code users} for the plain strategy. No fetch annotation: what JOIN FETCH queries and the stateless session use. */
@Entity(name = "PlainUser")
@Table(name = "users")
public class PlainUser extends UserEntity {

  @OneToMany(mappedBy = "author")
  @OrderBy("createdAt asc, id asc")
  private List<PlainPost> posts = new ArrayList<>();

  protected PlainUser() {}

  public PlainUser(String username) {
    super(username);
  }

  @Override
  public List<PlainPost> posts() {
    return posts;
  }
}
