package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** {@code posts} for the subselect strategy; the author is lazy (a proxy until touched or fetched). */
@Entity(name = "SubselectPost")
@Table(name = "posts")
public class SubselectPost extends PostEntity {

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private SubselectUser author;

  protected SubselectPost() {}

  public SubselectPost(SubselectUser author, String title, String content) {
    super(title, content);
    this.author = author;
  }

  @Override
  public SubselectUser author() {
    return author;
  }
}
