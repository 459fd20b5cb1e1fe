package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** {@code posts} for the batch strategy; the author is lazy (a proxy until touched or fetched). */
@Entity(name = "BatchPost")
@Table(name = "posts")
public class BatchPost extends PostEntity {

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private BatchUser author;

  protected BatchPost() {}

  public BatchPost(BatchUser author, String title, String content) {
    super(title, content);
    this.author = author;
  }

  @Override
  public BatchUser author() {
    return author;
  }
}
