package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.persistence.jooq.Public;
import dev.backref.testing.postgres.MigratedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Index;
import org.jooq.Meta;
import org.jooq.Schema;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The generated jOOQ classes describe exactly the database the migrations build: a migration
 * changed without regenerating (or a generator setting that loses detail) fails here.
 *
 * <p>Not run when every test migrates extra sets ({@code -Dbackref.test.migrations=citus}): the
 * classes are generated from db/migration alone, and the Citus set changes keys on purpose.
 */
@MigratedPostgres
@DisabledIfSystemProperty(
    named = "backref.test.migrations",
    matches = ".*\\S.*",
    disabledReason = "the jOOQ classes are generated from db/migration alone; extra migrations change the catalog on purpose")
class GeneratedSchemaDriftIT {

  @Test
  void generatedClassesMatchTheLiveMigratedCatalog(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      Meta live = DSL.using(connection, SQLDialect.POSTGRES).meta();
      Schema liveSchema = live.getSchemas("public").getFirst();

      assertThat(describe(Public.PUBLIC)).isEqualTo(describe(liveSchema));
      assertThat(describe(Public.PUBLIC)).containsKeys("posts", "users", "tags", "post_tags");
    }
  }

  private static Map<String, String> describe(Schema schema) {
    Map<String, String> tables = new TreeMap<>();
    for (Table<?> table : schema.getTables()) {
      if (table.getName().equals("flyway_schema_history")) {
        continue;
      }
      tables.put(table.getName(), describe(table));
    }
    return tables;
  }

  private static String describe(Table<?> table) {
    String columns =
        java.util.Arrays.stream(table.fields())
            .map(GeneratedSchemaDriftIT::describe)
            .collect(Collectors.joining(", "));
    UniqueKey<?> primaryKey = table.getPrimaryKey();
    String pk = primaryKey == null ? "none" : primaryKey.getName() + names(primaryKey.getFields());
    String uniques =
        table.getUniqueKeys().stream()
            .map(key -> key.getName() + names(key.getFields()))
            .sorted()
            .collect(Collectors.joining(", "));
    String foreignKeys =
        table.getReferences().stream()
            .map(GeneratedSchemaDriftIT::describe)
            .sorted()
            .collect(Collectors.joining(", "));
    // jOOQ's generator cannot represent expression indexes such as lower(username); the
    // constraint tests in the schema module cover those.
    String indexes =
        table.getIndexes().stream()
            .map(GeneratedSchemaDriftIT::describe)
            .filter(index -> !isExpressionIndex(index))
            .sorted()
            .collect(Collectors.joining(", "));
    return "columns[" + columns + "] pk[" + pk + "] unique[" + uniques + "] fk[" + foreignKeys + "] indexes[" + indexes + "]";
  }

  private static String describe(Field<?> field) {
    var type = field.getDataType();
    return field.getName()
        + " " + java.sql.JDBCType.valueOf(type.getSQLType()).getName()
        + (type.nullable() ? " null" : " not null")
        + (type.identity() ? " identity" : "")
        + (type.hasLength() && !type.isLob() ? "(" + type.length() + ")" : "");
  }

  private static String describe(ForeignKey<?, ?> key) {
    return key.getName() + names(key.getFields()) + " -> " + key.getKey().getTable().getName() + names(key.getKeyFields());
  }

  private static String describe(Index index) {
    return index.getName()
        + (index.getUnique() ? " unique" : "")
        + index.getFields().stream().map(f -> f.getName()).collect(Collectors.joining(",", "(", ")"));
  }

  private static boolean isExpressionIndex(String description) {
    String columns = description.substring(description.indexOf('(') + 1, description.lastIndexOf(')'));
    return columns.contains("(");
  }

  private static String names(List<? extends Field<?>> fields) {
    return fields.stream().map(Field::getName).collect(Collectors.joining(",", "(", ")"));
  }
}
