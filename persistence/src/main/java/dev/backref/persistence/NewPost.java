package dev.backref.persistence;

import dev.backref.domain.Post;

/**
 * The content of a post to create or the new content of a post to edit. Validated on
 * construction, before any SQL.
 *
 * <pre>{@code
 * NewPost post = new NewPost("Hello", "First post");
 * }</pre>
 *
 * @param title 1 to {@value Post#MAX_TITLE_LENGTH} characters, not blank, no NUL character
 * @param content any text without NUL characters, possibly empty, not null
 */
public record NewPost(String title, String content) {

  /**
   * Validates.
   *
   * @throws InvalidTitleException if the title is null, blank, too long or contains NUL
   * @throws InvalidContentException if the content is null or contains NUL
   */
  public NewPost {
    Validation.title(title);
    Validation.content(content);
  }
}
