package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void controlFormatAndSeparatorCharactersAreShownAsEscapes() {
    assertThat(Text.visible("bell\u0007\u001b[31mred")).isEqualTo("bell\\u0007\\u001B[31mred");
    assertThat(Text.visible("a\u200bb\u202ec")).isEqualTo("a\\u200Bb\\u202Ec");
    assertThat(Text.visible("line\u2028next\u0085")).isEqualTo("line\\u2028next\\u0085");
    assertThat(Text.visible("lone \ud800 surrogate")).isEqualTo("lone \\uD800 surrogate");
  }

  @Test
  void printableTextIsReturnedAsItIs() {
    String text = "o'brien Ünï 😀 日本";
    assertThat(Text.visible(text)).isSameAs(text);
  }
}
