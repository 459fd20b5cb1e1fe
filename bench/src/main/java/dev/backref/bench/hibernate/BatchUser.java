package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.BatchSize;

/** {@code users} for the batch strategy. {@code @BatchSize(size = 500)} on the collection and on the entity (for lazy authors): Hibernate's batch fetching, the counterpart of BATCH. */
@Entity(name = "BatchUser")
@Table(name = "users")
@BatchSize(size = 500)
public class BatchUser extends UserEntity {

  @OneToMany(mappedBy = "author")
  @OrderBy("createdAt asc, id asc")
  @BatchSize(size = 500)
  private List<BatchPost> posts = new ArrayList<>();

  protected BatchUser() {}

  public BatchUser(String username) {
    super(username);
  }

  @Override
  public List<BatchPost> posts() {
    return posts;
  }
}
