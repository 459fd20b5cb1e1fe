package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link Failures#listenFailure}: what {@code blog serve} says when it cannot listen, from the
 * exceptions that binding really throws (on the loopback interface only).
 */
class ListenFailureTest {

  @Test
  void aPortInUseIsAUsageErrorThatSaysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Throwable bind = catchThrowable(() -> HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));

      UsageException failure = Failures.listenFailure("127.0.0.1", port, new UncheckedIOException("Cannot listen", (java.io.IOException) bind));

      assertThat(bind).isInstanceOf(java.net.BindException.class);
      assertThat(failure.getMessage()).isEqualTo("cannot listen on 127.0.0.1:" + port
          + ": address already in use (another program is using port " + port + "; choose another with --port)");
      assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.USAGE);
      assertThat(Failures.message(failure)).isEqualTo(failure.getMessage());
    }
  }

  @Test
  void aHostThatIsNoAddressIsAUsageErrorThatSaysSo() {
    Throwable bind = catchThrowable(() -> HttpServer.create(new InetSocketAddress("999.1.1.1", 8080), 0));

    UsageException failure = Failures.listenFailure("999.1.1.1", 8080, bind);

    assertThat(bind).isNotNull();
    assertThat(failure.getMessage()).isEqualTo(
        "cannot listen on 999.1.1.1:8080: unknown host 999.1.1.1 (give an address of this machine with --host, such as 127.0.0.1)");
    assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anIpv6HostIsBracketed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Throwable bind = catchThrowable(() -> new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")).close());

      assertThat(Failures.listenFailure("::1", port, bind).getMessage()).startsWith("cannot listen on [::1]:" + port + ": address already in use");
    }
  }
}
