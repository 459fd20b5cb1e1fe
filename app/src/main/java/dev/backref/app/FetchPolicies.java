package dev.backref.app;

import dev.backref.persistence.FetchPolicy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The fetch policy names of the command line and the HTTP API: {@code none, joined, multiset,
 * subquery, selectin, lazy, batch, dynamic} (SQLAlchemy's spelling of {@link FetchPolicy}).
 */
final class FetchPolicies {

  /**
   * Policies for a to-many relation (a user's posts, a post's tags, a tag's posts), in the order
   * the demo and the help list them.
   */
  static final List<FetchPolicy> TO_MANY = List.of(FetchPolicy.values());

  /** Policies for a post's author: all but DYNAMIC, which applies to to-many relations only. */
  static final List<FetchPolicy> TO_ONE =
      Arrays.stream(FetchPolicy.values()).filter(policy -> policy != FetchPolicy.DYNAMIC).toList();

  private FetchPolicies() {}

  static String name(FetchPolicy policy) {
    return policy == FetchPolicy.SELECT_IN ? "selectin" : policy.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy named {@code name} (case-insensitive; {@code select_in} and {@code select-in} also
   * work) among {@code allowed}.
   *
   * @throws IllegalArgumentException naming the allowed policies
   */
  static FetchPolicy parse(String name, List<FetchPolicy> allowed) {
    String normalized = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (FetchPolicy policy : allowed) {
      if (name(policy).equals(normalized)) {
        return policy;
      }
    }
    String hint =
        normalized.equals("dynamic")
            ? "dynamic applies to to-many relations (posts, tags), not to a post's author; use one of "
            : "use one of ";
    throw new IllegalArgumentException(
        "'" + name + "' is not a fetch policy here; " + hint + String.join(", ", allowed.stream().map(FetchPolicies::name).toList()));
  }

  /** Picocli converter for {@code --fetch} and {@code --fetch-tags}. */
  static final class ToManyConverter implements ITypeConverter<FetchPolicy> {
    @Override
    public FetchPolicy convert(String value) {
      try {
        return parse(value, TO_MANY);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli converter for {@code --fetch-author}. */
  static final class ToOneConverter implements ITypeConverter<FetchPolicy> {
    @Override
    public FetchPolicy convert(String value) {
      try {
        return parse(value, TO_ONE);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Names listed in {@code --help} for {@code --fetch} and {@code --fetch-tags}. */
  static final class ToManyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return TO_MANY.stream().map(FetchPolicies::name).iterator();
    }
  }

  /** Names listed in {@code --help} for {@code --fetch-author}. */
  static final class ToOneNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return TO_ONE.stream().map(FetchPolicies::name).iterator();
    }
  }
}
