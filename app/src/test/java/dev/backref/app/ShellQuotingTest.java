package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Words quoted for a POSIX shell, only when needed, as the 'next page' hint prints them. */
class ShellQuotingTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "bob             | bob",
        "42              | 42",
        "a.b-c_d@e%f+g=h:i,j/k | a.b-c_d@e%f+g=h:i,j/k",
        "o'brien         | 'o'\\''brien'",
        "two words       | 'two words'",
        "dollar$sign     | 'dollar$sign'",
        "back`tick`      | 'back`tick`'",
        "\"\"            | ''",
        "zoë             | 'zoë'",
        "-dash           | -dash",
        "*               | '*'",
        "~home           | '~home'",
      })
  void quotesOnlyWhatTheShellWouldTouch(String word, String quoted) {
    assertThat(Text.shellQuoted(word)).isEqualTo(quoted);
  }

  /** What a real shell makes of each quoted word: the word itself, whatever it holds. */
  @Test
  void theShellReadsEveryQuotedWordBackUnchanged() throws Exception {
    List<String> words = List.of("bob", "o'brien", "two  words", "dollar$HOME", "$(echo no)", "back`echo no`", "",
        "it's \"quoted\"", "tab\there", "zoë 日本", "a\\b", "semi;colon&amp|pipe", "!bang", "''", "#hash", "*", "~");

    List<String> read = Shell.words(String.join(" ", words.stream().map(Text::shellQuoted).toList()));

    assertThat(read).isEqualTo(words);
  }
}
