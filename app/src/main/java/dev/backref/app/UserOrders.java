package dev.backref.app;

import dev.backref.persistence.UserOrder;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The order names of {@code users list --order} and {@code GET /users?order=}: {@code username}
 * (the default; page keys are usernames), {@code id} and {@code id-desc} (page keys are ids).
 */
final class UserOrders {

  static final List<UserOrder> ALL = List.of(UserOrder.values());

  private UserOrders() {}

  static String name(UserOrder order) {
    return switch (order) {
      case USERNAME -> "username";
      case ID -> "id";
      case ID_DESCENDING -> "id-desc";
    };
  }

  /**
   * The order named {@code name}, regardless of case.
   *
   * @throws IllegalArgumentException naming the orders there are
   */
  static UserOrder parse(String name) {
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    for (UserOrder order : ALL) {
      if (name(order).equals(normalized)) {
        return order;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' is not an order; use one of " + String.join(", ", ALL.stream().map(UserOrders::name).toList()));
  }

  /** Whether {@code after} can start a page in {@code order}: in the id orders, only an id. */
  static boolean isKey(UserOrder order, String after) {
    if (order == UserOrder.USERNAME) {
      return true;
    }
    try {
      Long.parseLong(after.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Picocli converter for {@code --order}. */
  static final class Converter implements ITypeConverter<UserOrder> {
    @Override
    public UserOrder convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Names listed in {@code --help} for {@code --order}. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ALL.stream().map(UserOrders::name).iterator();
    }
  }
}
