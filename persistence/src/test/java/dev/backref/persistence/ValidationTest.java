package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text rules, without a database: every refused class of character, NFC, positions and messages. */
class ValidationTest {

  private static final List<Function<String, String>> NAMES = List.of(Validation::username, Validation::tagName);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          the issue's bell and escape    | bell\\u0007\\u001b[31mred | U+0007 BEL at position 5
          escape                         | red\\u001b[0m            | U+001B ESCAPE at position 4
          NUL                            | a\\u0000b                | U+0000 NULL at position 2
          tab inside                     | a\\tb                    | U+0009 CHARACTER TABULATION at position 2
          DEL                            | a\\u007fb                | U+007F DELETE at position 2
          NEL (C1)                       | a\\u0085b                | U+0085 NEXT LINE (NEL) at position 2
          CSI (C1)                       | a\\u009b31m              | U+009B CONTROL SEQUENCE INTRODUCER at position 2
          zero-width space               | a\\u200bb                | U+200B ZERO WIDTH SPACE at position 2
          zero-width joiner              | a\\u200db                | U+200D ZERO WIDTH JOINER at position 2
          word joiner                    | a\\u2060b                | U+2060 WORD JOINER at position 2
          byte order mark                | \\ufeffadmin             | U+FEFF ZERO WIDTH NO-BREAK SPACE at position 1
          right-to-left override         | admin\\u202etxt.exe      | U+202E RIGHT-TO-LEFT OVERRIDE at position 6
          right-to-left isolate          | a\\u2067b                | U+2067 RIGHT-TO-LEFT ISOLATE at position 2
          line separator                 | a\\u2028b                | U+2028 LINE SEPARATOR at position 2
          paragraph separator            | a\\u2029b                | U+2029 PARAGRAPH SEPARATOR at position 2
          unpaired surrogate             | a\\ud800b                | U+D800 unpaired surrogate at position 2
          after a supplementary letter   | \\ud83d\\ude00\\u001b     | U+001B ESCAPE at position 2
          """)
  void namesRefuseControlAndInvisibleCharactersNamingTheFirst(String what, String escaped, String where) {
    String name = unescape(escaped);
    for (Function<String, String> rule : NAMES) {
      InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> rule.apply(name));

      assertThat(e).as(what).isNotNull();
      assertThat(e.reason()).isEqualTo("must not contain control or invisible characters (" + where + ")");
      assertThat(e.value()).isEqualTo(name);
      assertThat(e.getMessage()).as("the message prints no raw control character").doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");
    }
    assertThatThrownBy(() -> Validation.username(name)).isInstanceOf(InvalidUsernameException.class);
    assertThatThrownBy(() -> Validation.tagName(name)).isInstanceOf(InvalidTagNameException.class);
  }

  @Test
  void everyCodePointOfTheRefusedCategoriesIsRefusedInNamesAndNoOther() {
    List<Integer> refused =
        IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(codePoint -> {
              try {
                Validation.username("a" + Character.toString(codePoint) + "b");
                return false;
              } catch (InvalidUsernameException e) {
                return true;
              }
            })
            .boxed()
            .toList();

    List<Integer> categories =
        IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(codePoint -> switch (Character.getType(codePoint)) {
              case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                  Character.PARAGRAPH_SEPARATOR -> true;
              default -> false;
            })
            .boxed()
            .toList();
    assertThat(refused).isEqualTo(categories).contains(0x00, 0x1b, 0x7f, 0x85, 0x200b, 0x202e, 0x2066, 0xfeff, 0xd800, 0xe0001);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          o'brien\\u0020      | U+0020 SPACE at position 8
          \\u0020o'brien      | U+0020 SPACE at position 1
          o'brien\\u00a0      | U+00A0 NO-BREAK SPACE at position 8
          \\u3000name         | U+3000 IDEOGRAPHIC SPACE at position 1
          name\\u2003         | U+2003 EM SPACE at position 5
          \\u1680name         | U+1680 OGHAM SPACE MARK at position 1
          """)
  void namesAndTitlesRefuseWhitespaceAtEitherEnd(String escaped, String where) {
    String value = unescape(escaped);
    String reason = "must not start or end with whitespace (" + where + ")";

    assertThat(catchThrowableOfType(InvalidUsernameException.class, () -> Validation.username(value)).reason()).isEqualTo(reason);
    assertThat(catchThrowableOfType(InvalidTagNameException.class, () -> Validation.tagName(value)).reason()).isEqualTo(reason);
    assertThat(catchThrowableOfType(InvalidTitleException.class, () -> Validation.title(value)).reason()).isEqualTo(reason);
  }

  @Test
  void innerSpacesStayAllowedAndBlankIsStillBlank() {
    assertThat(Validation.username("o'brien smith")).isEqualTo("o'brien smith");
    assertThat(Validation.username("two  spaces")).isEqualTo("two  spaces");
    assertThat(Validation.tagName("no\u00a0break")).isEqualTo("no\u00a0break");
    assertThat(Validation.title("A title with spaces")).isEqualTo("A title with spaces");
    assertThat(catchThrowableOfType(InvalidUsernameException.class, () -> Validation.username(" \t\u00a0")).reason())
        .isEqualTo("must not be blank");
    assertThat(catchThrowableOfType(InvalidTitleException.class, () -> Validation.title("   ")).reason()).isEqualTo("must not be blank");
  }

  @Test
  void valuesAreNormalizedToNfcAndLengthsCountTheNormalizedCodePoints() {
    assertThat(Validation.username("e\u0301")).isEqualTo("\u00e9");
    assertThat(Validation.tagName("cafe\u0301")).isEqualTo("caf\u00e9");
    assertThat(Validation.title("Cafe\u0301 au lait")).isEqualTo("Caf\u00e9 au lait");
    assertThat(Validation.content("cafe\u0301\n")).isEqualTo("caf\u00e9\n");

    // 80 decomposed é are 160 chars but 80 characters once composed: accepted.
    assertThat(Validation.username("e\u0301".repeat(80))).isEqualTo("\u00e9".repeat(80));
    assertThat(catchThrowableOfType(InvalidUsernameException.class, () -> Validation.username("e\u0301".repeat(81))).reason())
        .isEqualTo("must be at most 80 characters, is 81");
  }

  @Test
  void compatibilityCharactersAreNotFolded() {
    assertThat(Validation.username("\ufb01le")).isEqualTo("\ufb01le");
    assertThat(Validation.username("x\u00b2")).isEqualTo("x\u00b2");
    assertThat(Validation.tagName("\uff4aava")).isEqualTo("\uff4aava");
  }

  @Test
  void titlesRefuseControlsAndLineBreaksButKeepFormatCharacters() {
    for (String bad : List.of("a\tb", "a\nb", "a\rb", "a\u001bb", "a\u0000b", "a\u0085b", "a\u2028b", "a\u2029b", "a\ud800b")) {
      InvalidTitleException e = catchThrowableOfType(InvalidTitleException.class, () -> Validation.title(bad));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.reason()).startsWith("must not contain control characters or line breaks (U+").endsWith(" at position 2)");
    }
    String family = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67";
    assertThat(Validation.title("Family " + family)).isEqualTo("Family " + family);
    assertThat(Validation.title("\u05e9\u05dc\u05d5\u05dd \u200fworld")).contains("\u200f");
  }

  @Test
  void contentKeepsTabLineFeedAndCarriageReturnAndRefusesOtherControls() {
    assertThat(Validation.content("line\r\n\tindented\n")).isEqualTo("line\r\n\tindented\n");
    assertThat(Validation.content("")).isEmpty();
    assertThat(Validation.content(" zero\u200bwidth and \u2028 separators are text ")).contains("\u200b", "\u2028");
    for (String bad : List.of("a\u0000b", "a\u001bb", "a\u0007b", "a\u000bb", "a\u007fb", "a\u0085b", "a\u009bb", "a\udc00b")) {
      InvalidContentException e = catchThrowableOfType(InvalidContentException.class, () -> Validation.content(bad));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.reason())
          .startsWith("must not contain control characters other than tab, line feed and carriage return (U+")
          .endsWith(" at position 2)");
    }
  }

  @Test
  void aLookupOfANameThatCannotBeStoredFindsNothingWithoutSql() {
    assertThat(Validation.lookup("a\u0000b")).isEmpty();
    assertThat(Validation.lookup("a\ud800")).isEmpty();
    assertThat(Validation.lookup("E\u0301")).contains("\u00c9");
    assertThat(Validation.lookup("bell\u0007")).as("a name stored before V4 stays reachable").contains("bell\u0007");
  }

  @Test
  void filtersAndPageKeysRefuseWhatNoStoredValueCanContain() {
    assertThatThrownBy(() -> Validation.usernameFilter("a\u0000")).isInstanceOf(InvalidUsernameException.class).hasMessageContaining("U+0000");
    assertThatThrownBy(() -> Validation.usernameFilter("\u001b[31m")).isInstanceOf(InvalidUsernameException.class);
    assertThatThrownBy(() -> Validation.tagNameFilter("a\u200b")).isInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> Validation.titleFilter("a\nb")).isInstanceOf(InvalidTitleException.class);
    assertThatThrownBy(() -> Validation.usernameKey("a\u0000")).isInstanceOf(InvalidUsernameException.class);
    Validation.usernameFilter(" o'brien ");
    Validation.titleFilter("a\u200db");
    assertThat(Validation.usernameKey("legacy\u001b")).isEqualTo("legacy\u001b");
  }

  @Test
  void messagesShowInvisibleCharactersAsEscapes() {
    assertThat(Validation.shown("bell\u0007\u001b[31mred\u200b\udb40\udc01")).isEqualTo("bell\\u0007\\u001B[31mred\\u200B\\U000E0001");
    assertThat(Validation.shown("plain caf\u00e9")).isEqualTo("plain caf\u00e9");
    assertThat(UserNotFoundException.byUsername("x\u001b[2J").getMessage()).isEqualTo("No user named 'x\\u001B[2J'");
    assertThat(TagNotFoundException.byName("x\u0000").getMessage()).isEqualTo("No tag named 'x\\u0000'");
    assertThat(new DuplicateUsernameException("a\u202eb", null).getMessage()).startsWith("Username 'a\\u202Eb' is taken");
  }

  /** {@code \\uXXXX} escapes and {@code \\t} as Java writes them (CSV cannot carry the characters). */
  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && text.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else if (c == '\\' && text.charAt(i + 1) == 't') {
        out.append('\t');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
