package dev.backref.persistence;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The rules for text, checked before SQL so that errors name the field and the problem. The
 * schema's constraints ({@code V1} to {@code V4}) enforce the same rules for writers that bypass
 * the library.
 *
 * <p>Every value written is first put in Unicode normalization form NFC ({@link
 * Normalizer.Form#NFC}): canonically equivalent spellings (e followed by U+0301 COMBINING ACUTE
 * ACCENT, and U+00E9, the precomposed é) render identically, so they are stored, compared and
 * counted as one. NFKC is deliberately not applied: compatibility folding would silently merge
 * characters that are distinct (U+FB01, the fi ligature, into {@code "fi"}; superscript two into
 * 2; full-width letters into ASCII), changing what the caller wrote into something else.
 *
 * <p>Usernames and tag names refuse control and invisible characters anywhere ({@link
 * Characters#NAME}) and whitespace at either end; titles refuse control characters and line or
 * paragraph separators ({@link Characters#TITLE}) and whitespace at either end; content refuses
 * control characters other than tab, line feed and carriage return ({@link Characters#CONTENT}).
 * Lengths count code points after normalization, as PostgreSQL's {@code char_length} does.
 */
final class Validation {

  /** Which characters a field refuses anywhere in its value, and how the refusal reads. */
  enum Characters {
    /**
     * Usernames and tag names: controls (Cc: C0 including NUL, TAB, LF, CR and ESC; DEL; C1
     * including NEL), format characters (Cf: zero-width space and joiners, word joiner, byte order
     * mark, soft hyphen, the bidirectional embeddings, overrides and isolates of "Trojan Source"),
     * unpaired surrogates (Cs) and line and paragraph separators (Zl, Zp).
     */
    NAME("must not contain control or invisible characters") {
      @Override
      boolean refuses(int codePoint) {
        return switch (Character.getType(codePoint)) {
          case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR -> true;
          default -> false;
        };
      }
    },
    /**
     * Titles, which are one line: controls (Cc, tab, line feed and carriage return included),
     * unpaired surrogates (Cs), line and paragraph separators (Zl, Zp). Format characters stay
     * allowed: emoji sequences need the zero-width joiner, right-to-left text the directional marks.
     */
    TITLE("must not contain control characters or line breaks") {
      @Override
      boolean refuses(int codePoint) {
        return switch (Character.getType(codePoint)) {
          case Character.CONTROL, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
          default -> false;
        };
      }
    },
    /**
     * Content: controls other than tab, line feed and carriage return (NUL, ESC, DEL, the C1
     * controls...), and unpaired surrogates, which UTF-8 cannot encode.
     */
    CONTENT("must not contain control characters other than tab, line feed and carriage return") {
      @Override
      boolean refuses(int codePoint) {
        return switch (Character.getType(codePoint)) {
          case Character.CONTROL -> codePoint != '\t' && codePoint != '\n' && codePoint != '\r';
          case Character.SURROGATE -> true;
          default -> false;
        };
      }
    },
    /**
     * What PostgreSQL can neither store in {@code text} nor receive as a parameter: NUL (the server
     * answers "invalid byte sequence for encoding UTF8: 0x00"), and unpaired surrogates, which the
     * driver would silently send as {@code ?}.
     */
    UNSENDABLE("must not contain control or invisible characters") {
      @Override
      boolean refuses(int codePoint) {
        return codePoint == 0 || Character.getType(codePoint) == Character.SURROGATE;
      }
    };

    private final String reason;

    Characters(String reason) {
      this.reason = reason;
    }

    abstract boolean refuses(int codePoint);

    /** The rule, without a character: "must not contain ...". */
    String reason() {
      return reason;
    }

    /** The char index of the first code point refused in {@code text}, or -1. */
    int find(String text) {
      for (int i = 0; i < text.length(); ) {
        int codePoint = text.codePointAt(i);
        if (refuses(codePoint)) {
          return i;
        }
        i += Character.charCount(codePoint);
      }
      return -1;
    }

    /** Why {@code text} is refused, naming the first refused character, or null if it is not. */
    String problem(String text) {
      int at = find(text);
      return at < 0 ? null : reason + " (" + describe(text, at) + ")";
    }
  }

  private static final String EDGES = "must not start or end with whitespace";

  private Validation() {}

  /** The username in NFC, the form stored. */
  static String username(String username) {
    if (username == null) {
      throw new InvalidUsernameException(null, "must not be null");
    }
    Checked checked = line(username, User.MAX_USERNAME_LENGTH, Characters.NAME);
    if (checked.problem != null) {
      throw new InvalidUsernameException(username, checked.problem);
    }
    return checked.value;
  }

  /** The tag name in NFC, the form stored. */
  static String tagName(String name) {
    if (name == null) {
      throw new InvalidTagNameException(null, "must not be null");
    }
    Checked checked = line(name, Tag.MAX_NAME_LENGTH, Characters.NAME);
    if (checked.problem != null) {
      throw new InvalidTagNameException(name, checked.problem);
    }
    return checked.value;
  }

  /** The title in NFC, the form stored. */
  static String title(String title) {
    if (title == null) {
      throw new InvalidTitleException(null, "must not be null");
    }
    Checked checked = line(title, Post.MAX_TITLE_LENGTH, Characters.TITLE);
    if (checked.problem != null) {
      throw new InvalidTitleException(title, checked.problem);
    }
    return checked.value;
  }

  /** The content in NFC, the form stored. */
  static String content(String content) {
    if (content == null) {
      throw new InvalidContentException(null, "must not be null");
    }
    String problem = Characters.CONTENT.problem(content);
    if (problem != null) {
      throw new InvalidContentException(content, problem);
    }
    return nfc(content);
  }

  /**
   * A name to look up (a username or a tag name, compared regardless of case) in NFC, or empty when
   * no row can carry it: NUL and unpaired surrogates can be neither stored nor sent, so the lookup
   * is "not found" without SQL. Other characters the rules refuse are looked up as given: a
   * database migrated from before {@code V4} may still hold such a name, and it stays reachable.
   */
  static Optional<String> lookup(String name) {
    return Characters.UNSENDABLE.find(name) >= 0 ? Optional.empty() : Optional.of(nfc(name));
  }

  /**
   * A key of a page in username order, as {@link Page#next()} returned it: sent as given, not
   * normalized (it is a position in the order, and a row stored before {@code V4} may have any
   * spelling), but never with NUL or an unpaired surrogate, which no username can contain.
   */
  static String usernameKey(String after) {
    String problem = Characters.UNSENDABLE.problem(after);
    if (problem != null) {
      throw new InvalidUsernameException(after, problem);
    }
    return after;
  }

  /** Refuses a filter on usernames (a part or a whole name) with a character no username can contain. */
  static void usernameFilter(String text) {
    String problem = Characters.NAME.problem(text);
    if (problem != null) {
      throw new InvalidUsernameException(text, problem);
    }
  }

  /** Refuses a filter on tag names (a part or a whole name) with a character no tag name can contain. */
  static void tagNameFilter(String text) {
    String problem = Characters.NAME.problem(text);
    if (problem != null) {
      throw new InvalidTagNameException(text, problem);
    }
  }

  /** Refuses a filter on titles with a character no title can contain. */
  static void titleFilter(String text) {
    String problem = Characters.TITLE.problem(text);
    if (problem != null) {
      throw new InvalidTitleException(text, problem);
    }
  }

  /** {@code text} in Unicode normalization form NFC. */
  static String nfc(String text) {
    return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /**
   * {@code text} safe to put in a message printed on a terminal or in a log: every control or
   * invisible character ({@link Characters#NAME}) is written as a Java escape (<code>&#92;u001B</code>), so
   * that a refused value cannot move the cursor, recolour the screen or hide part of itself.
   */
  static String shown(String text) {
    if (text == null || Characters.NAME.find(text) < 0) {
      return text;
    }
    StringBuilder shown = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            codePoint -> {
              if (!Characters.NAME.refuses(codePoint)) {
                shown.appendCodePoint(codePoint);
              } else if (Character.isBmpCodePoint(codePoint)) {
                shown.append(String.format("\\u%04X", codePoint));
              } else {
                shown.append(String.format("\\U%08X", codePoint));
              }
            });
    return shown.toString();
  }

  /** Why {@code value} starts or ends with whitespace, naming the character; null if it does not. */
  static String edgesProblem(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (isSpace(value.codePointAt(0))) {
      return EDGES + " (" + describe(value, 0) + ")";
    }
    int last = value.offsetByCodePoints(value.length(), -1);
    if (isSpace(value.codePointAt(last))) {
      return EDGES + " (" + describe(value, last) + ")";
    }
    return null;
  }

  /** The NFC form of a value, or the first problem found (the value is then the one given). */
  private record Checked(String value, String problem) {}

  /**
   * Checks a one-line value (a username, a tag name, a title) in this order: empty, blank, a
   * refused character (its position is in the value given), too long in NFC, whitespace at an end.
   */
  private static Checked line(String given, int maxLength, Characters refused) {
    if (given.isEmpty()) {
      return new Checked(given, "must not be empty");
    }
    if (given.codePoints().allMatch(Validation::isSpace)) {
      return new Checked(given, "must not be blank");
    }
    String problem = refused.problem(given);
    if (problem != null) {
      return new Checked(given, problem);
    }
    String value = nfc(given);
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      return new Checked(given, "must be at most " + maxLength + " characters, is " + length);
    }
    problem = edgesProblem(given);
    return new Checked(problem == null ? value : given, problem);
  }

  /** "U+001B ESCAPE at position 5": the code point at char index {@code index}, its position counted in code points from 1. */
  private static String describe(String text, int index) {
    int codePoint = text.codePointAt(index);
    String name = Character.getType(codePoint) == Character.SURROGATE ? "unpaired surrogate" : Character.getName(codePoint);
    return String.format("U+%04X", codePoint)
        + (name == null ? "" : " " + name)
        + " at position "
        + (text.codePointCount(0, index) + 1);
  }

  /**
   * Whitespace as the rules mean it: Java's whitespace (tab, line feed, the information separators
   * U+001C to U+001F...) and every space separator (no-break space U+00A0, the en and em spaces,
   * ideographic space U+3000...).
   */
  static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
