package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpApiTest {

  @Test
  void pathSegmentsArePercentDecodedAndPlusIsLiteral() {
    assertThat(HttpApi.segments("/users/al%20ice/")).containsExactly("users", "al ice");
    assertThat(HttpApi.segments("/users/a+b")).containsExactly("users", "a+b");
    assertThat(HttpApi.segments("/users/%C3%9Cn%C3%AF")).containsExactly("users", "Ünï");
    assertThat(HttpApi.segments("/")).isEmpty();
  }

  @Test
  void queryParametersAreFormDecodedAndTheFirstValueWins() {
    assertThat(HttpApi.query("fetch=lazy&title=hello+world&fetch=none&flag"))
        .containsEntry("fetch", "lazy")
        .containsEntry("title", "hello world")
        .containsEntry("flag", "")
        .hasSize(3);
    assertThat(HttpApi.query(null)).isEmpty();
  }
}
