package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** {@code posts} for the plain strategy; the author is lazy (a proxy until touched or fetched). */
@Entity(name = "PlainPost")
@Table(name = "posts")
public class PlainPost extends PostEntity {

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private PlainUser author;

  protected PlainPost() {}

  public PlainPost(PlainUser author, String title, String content) {
    super(title, content);
    this.author = author;
  }

  @Override
  public PlainUser author() {
    return author;
  }
}
