package dev.backref.testing.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

final class Marks {

  private Marks() {}

  static void insert(TestDatabase database, String owner) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO marks (owner) VALUES (?)")) {
      insert.setString(1, owner);
      insert.executeUpdate();
    }
  }

  static List<String> owners(TestDatabase database) throws SQLException {
    List<String> owners = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT owner FROM marks");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        owners.add(rows.getString(1));
      }
    }
    return owners;
  }
}
