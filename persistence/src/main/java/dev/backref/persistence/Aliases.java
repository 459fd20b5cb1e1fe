package dev.backref.persistence;

import java.util.HashMap;
import java.util.Map;
import org.jooq.Table;

/**
 * Names the tables of one statement: a table's first use keeps its own name (so the SQL reads as
 * written by hand, and conditions on the generated tables apply); later uses get {@code name_2},
 * {@code name_3}. Not thread-safe: one per statement being built.
 */
final class Aliases {

  private final Map<String, Integer> uses = new HashMap<>();

  Table<?> next(Table<?> table) {
    int use = uses.merge(table.getName(), 1, Integer::sum);
    return use == 1 ? table : table.as(table.getName() + "_" + use);
  }

  /** Reserves a name that must not be used by a table, such as a derived table's alias. */
  String reserve(String name) {
    uses.merge(name, 1, Integer::sum);
    return name;
  }
}
