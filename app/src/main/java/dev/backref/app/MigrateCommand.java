package dev.backref.app;

import dev.backref.schema.MigrationReport;
import dev.backref.schema.MigrationStatus;
import dev.backref.schema.Migrations;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code blog migrate [--info | --validate]}: the schema migrations, through the library's {@link Migrations}. */
@Command(
    name = "migrate",
    description = {
      "Apply pending schema migrations, or show or check them.",
      "The other commands apply pending migrations on their own. --info lists every migration and its state; "
          + "--validate checks that applied migrations match their scripts."
    })
final class MigrateCommand extends Action {

  @ArgGroup(exclusive = true)
  Mode mode;

  static final class Mode {
    @Option(names = "--info", required = true, description = "List applied and pending migrations; change nothing.")
    boolean info;

    @Option(names = "--validate", required = true, description = "Check that applied migrations match their scripts; change nothing.")
    boolean validate;
  }

  @Override
  int run(BlogCommand blog) {
    try (Session session = Session.open(blog, Session.Kind.MIGRATE)) {
      Migrations migrations = Migrations.of(session.recorder().dataSource());
      if (mode != null && mode.info) {
        info(blog, session, migrations.info());
      } else if (mode != null && mode.validate) {
        migrations.validate();
        List<MigrationStatus> all = migrations.info();
        long applied = all.stream().filter(status -> status.state() == MigrationStatus.State.APPLIED).count();
        long pending = all.stream().filter(status -> status.state() == MigrationStatus.State.PENDING).count();
        if (blog.json()) {
          blog.out.println(Json.pretty(Json.object()
              .put("statements", session.recorder().count())
              .put("valid", true)
              .put("applied", applied)
              .put("pending", pending)));
        } else {
          blog.out.println("Valid: " + applied + " applied migration" + (applied == 1 ? "" : "s")
              + " match their scripts; " + pending + " pending (" + session.database().description() + ").");
        }
      } else {
        migrate(blog, session, migrations.migrate());
      }
      return ExitCodes.OK;
    }
  }

  private static void migrate(BlogCommand blog, Session session, MigrationReport report) {
    String from = report.initialVersion().orElse("none");
    String to = report.currentVersion().orElse("none");
    if (blog.json()) {
      ObjectNode document = Json.object().put("statements", session.recorder().count())
          .put("initialVersion", report.initialVersion().orElse(null))
          .put("currentVersion", report.currentVersion().orElse(null));
      ArrayNode applied = document.putArray("applied");
      for (MigrationReport.Applied migration : report.applied()) {
        applied.addObject().put("version", migration.version()).put("description", migration.description()).put("script", migration.script());
      }
      blog.out.println(Json.pretty(document));
      return;
    }
    PrintStream out = blog.out;
    if (report.upToDate()) {
      out.println("Schema is up to date at version " + to + " (" + session.database().description() + "); nothing to apply.");
      return;
    }
    out.println("Applied " + report.applied().size() + " migration" + (report.applied().size() == 1 ? "" : "s")
        + " to " + session.database().description() + ", schema version " + from + " -> " + to + ":");
    for (MigrationReport.Applied migration : report.applied()) {
      out.printf("  V%-4s %-24s %s%n", migration.version(), migration.description(), fileName(migration.script()));
    }
  }

  private static void info(BlogCommand blog, Session session, List<MigrationStatus> statuses) {
    if (blog.json()) {
      ObjectNode document = Json.object().put("statements", session.recorder().count());
      ArrayNode migrations = document.putArray("migrations");
      for (MigrationStatus status : statuses) {
        migrations.addObject()
            .put("version", status.version())
            .put("description", status.description())
            .put("script", status.script())
            .put("state", status.state().name())
            .put("installedOn", status.installedOn().map(Object::toString).orElse(null));
      }
      blog.out.println(Json.pretty(document));
      return;
    }
    PrintStream out = blog.out;
    out.println("Migrations of " + session.database().description() + ":");
    out.printf("  %-8s %-24s %-8s %-24s %s%n", "version", "description", "state", "installed on", "script");
    for (MigrationStatus status : statuses) {
      out.printf("  %-8s %-24s %-8s %-24s %s%n",
          status.version(), status.description(), status.state(),
          status.installedOn().map(Text::time).orElse("-"), fileName(status.script()));
    }
    long pending = statuses.stream().filter(status -> status.state() == MigrationStatus.State.PENDING).count();
    out.println(pending == 0 ? "Nothing pending." : pending + " pending: run 'blog migrate' to apply.");
  }

  private static String fileName(String script) {
    return script.substring(script.lastIndexOf('/') + 1);
  }
}
