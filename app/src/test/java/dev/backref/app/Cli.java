package dev.backref.app;

import dev.backref.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Runs the blog command in-process as a user would, capturing standard output and error. */
final class Cli {

  private Cli() {}

  /** What one command printed and returned. */
  record Result(int exitCode, String out, String err) {

    JsonNode json() {
      return Json.MAPPER.readTree(out);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(String... args) {
    return run(Map.of(), List.of(args));
  }

  static Result run(Map<String, String> env, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = Blog.run(args.toArray(String[]::new), outStream, errStream, env);
    }
    return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command against {@code database}, named with --db-url and --db-user as a user would. */
  static Result run(TestDatabase database, String... args) {
    List<String> all = new ArrayList<>(connection(database));
    all.addAll(List.of(args));
    return run(Map.of(), all);
  }

  static List<String> connection(TestDatabase database) {
    List<String> args = new ArrayList<>(List.of("--db-url", database.jdbcUrl(), "--db-user", database.user()));
    if (!database.password().isEmpty()) {
      args.addAll(List.of("--db-password", database.password()));
    }
    return args;
  }
}
