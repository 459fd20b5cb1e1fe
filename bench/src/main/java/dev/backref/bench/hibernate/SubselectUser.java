package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/** {@code users} for the subselect strategy. {@code @Fetch(FetchMode.SUBSELECT)}: the posts of every user of the query in one statement re-running the query, the counterpart of SUBQUERY. */
@Entity(name = "SubselectUser")
@Table(name = "users")
public class SubselectUser extends UserEntity {

  @OneToMany(mappedBy = "author")
  @OrderBy("createdAt asc, id asc")
  @Fetch(FetchMode.SUBSELECT)
  private List<SubselectPost> posts = new ArrayList<>();

  protected SubselectUser() {}

  public SubselectUser(String username) {
    super(username);
  }

  @Override
  public List<SubselectPost> posts() {
    return posts;
  }
}
