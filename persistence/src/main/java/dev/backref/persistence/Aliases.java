package dev.backref.persistence;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Table;

/**
 * Names the tables of one statement: a table's first use keeps its own name (so the SQL reads as
 * written by hand, and conditions on the generated tables apply); later uses get {@code name_2},
 * {@code name_3}. Not thread-safe: one per statement being built.
 */
final class Aliases {

  private final List<String> used = new ArrayList<>(4);

  Table<?> next(Table<?> table) {
    String name = table.getName();
    int use = use(name);
    return use == 1 ? table : table.as(name + "_" + use);
  }

  /** Reserves a name that must not be used by a table, such as a derived table's alias. */
  String reserve(String name) {
    use(name);
    return name;
  }

  private int use(String name) {
    used.add(name);
    int uses = 0;
    for (int i = 0; i < used.size(); i++) {
      if (used.get(i).equals(name)) {
        uses++;
      }
    }
    return uses;
  }
}
