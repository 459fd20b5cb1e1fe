package dev.backref.persistence;

import dev.backref.domain.Post;

/**
 * The content of a post to create or the new content of a post to edit. Validated on
 * construction, before any SQL, and put in Unicode normalization form NFC, the form stored:
 * {@link #title()} and {@link #content()} return the normalized text.
 *
 * <pre>{@code
 * NewPost post = new NewPost("Hello", "First post");
 * }</pre>
 *
 * @param title one line: 1 to {@value Post#MAX_TITLE_LENGTH} characters (code points, after NFC),
 *     not blank, no control character (NUL, TAB, LF, CR, ESC, C1...) nor line or paragraph
 *     separator, no whitespace at either end
 * @param content any text, possibly empty, not null, without control characters other than tab,
 *     line feed and carriage return
 */
public record NewPost(String title, String content) {

  /**
   * Validates.
   *
   * @throws InvalidTitleException if the title is null, empty, blank, too long, contains a control
   *     character or a line break, or starts or ends with whitespace (the reason names the problem
   *     and the character's position)
   * @throws InvalidContentException if the content is null or contains a control character other
   *     than tab, line feed and carriage return
   */
  public NewPost {
    title = Validation.title(title);
    content = Validation.content(content);
  }
}
