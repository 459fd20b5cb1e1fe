package dev.backref.app;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code blog serve --port P}: the JSON API until Ctrl-C (or until the running thread is
 * interrupted), then the server, the pool and an embedded database are shut down in order.
 */
@Command(
    name = "serve",
    description = {
      "Serve the JSON API over HTTP until stopped (Ctrl-C).",
      "Routes: GET|POST /users, GET|PUT|PATCH|DELETE /users/{username}, GET|POST /posts, "
          + "GET|PUT|PATCH|DELETE /posts/{id}, the same for /tags; GET takes ?fetch=POLICY or a fetch plan "
          + "(?fetch=posts=selectin,posts.tags=joined). See app/README.md."
    })
final class ServeCommand extends Action {

  @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--max-requests", defaultValue = "64", paramLabel = "N",
      description = "Requests handled at once; more wait in a queue (default: ${DEFAULT-VALUE}).")
  int maxRequests;

  @Option(names = "--max-queued", defaultValue = "1024", paramLabel = "N",
      description = "Requests that wait, each up to 2 s, before 503 busy (default: ${DEFAULT-VALUE}).")
  int maxQueued;

  @Override
  int run(BlogCommand blog) {
    if (port < 0 || port > 65_535) {
      throw new UsageException("--port must be between 0 and 65535, was " + port);
    }
    if (maxRequests < 1 || maxQueued < 0) {
      throw new UsageException("--max-requests must be at least 1 and --max-queued at least 0");
    }
    BlogServer.Limits limits = new BlogServer.Limits(maxRequests, maxQueued, BlogServer.Limits.DEFAULT.queueWait(),
        BlogServer.Limits.DEFAULT.idleTimeout(), BlogServer.Limits.DEFAULT.shutdownTimeout());
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "blog-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Session session = Session.open(blog, Session.Kind.SERVE);
        BlogServer server = BlogServer.start(
            session.database().dataSource(), session.database().readDataSource(), new InetSocketAddress(host, port), limits, blog.err, blog.verbose, blog.sql)) {
      String url = "http://" + host + ":" + server.port() + "/";
      if (blog.json()) {
        blog.out.println(Json.pretty(Json.object().put("url", url).put("port", server.port())));
      } else {
        blog.out.println("Listening on " + url + " with " + session.database().description() + ". Ctrl-C stops.");
      }
      blog.out.flush();
      stop.await();
    } catch (InterruptedException e) {
      // Whoever runs us in-process asked us to stop; the resources above are closed by now.
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it is what stopped us.
      }
    }
    return ExitCodes.OK;
  }
}
