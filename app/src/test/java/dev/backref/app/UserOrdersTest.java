package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.persistence.UserOrder;
import org.junit.jupiter.api.Test;

/** users list --order, its page keys, and the next page's command line. */
class UserOrdersTest {

  @Test
  void ordersHaveShortNames() {
    assertThat(UserOrders.ALL.stream().map(UserOrders::name)).containsExactly("username", "id", "id-desc");
    assertThat(UserOrders.parse(" ID-Desc ")).isEqualTo(UserOrder.ID_DESCENDING);
    assertThatThrownBy(() -> UserOrders.parse("newest")).hasMessage("'newest' is not an order; use one of username, id, id-desc");
  }

  @Test
  void idOrdersTakeIdsAsKeys() {
    assertThat(UserOrders.isKey(UserOrder.USERNAME, "42")).isTrue();
    assertThat(UserOrders.isKey(UserOrder.USERNAME, "bob")).isTrue();
    assertThat(UserOrders.isKey(UserOrder.ID, "42")).isTrue();
    assertThat(UserOrders.isKey(UserOrder.ID_DESCENDING, "bob")).isFalse();
  }

  @Test
  void theNextPageIsOneShellWordWhateverTheKey() {
    assertThat(Text.shellQuoted("abdul.jerde")).as("nothing to quote").isEqualTo("abdul.jerde");
    assertThat(Text.shellQuoted("o'hara $HOME")).isEqualTo("'o'\\''hara $HOME'");
  }
}
