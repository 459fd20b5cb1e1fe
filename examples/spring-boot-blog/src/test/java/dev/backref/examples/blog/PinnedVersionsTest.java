package dev.backref.examples.blog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * This application runs on the jOOQ and Flyway that the backref build uses, not on Spring Boot's
 * choice, and on the backref being built: the pins in this pom follow the root pom.
 */
class PinnedVersionsTest {

  @Test
  void jooqAndFlywayAreTheBackrefBuildsAndSoIsBackref() throws Exception {
    Document root = parse(Path.of("../../pom.xml"));
    Document example = parse(Path.of("pom.xml"));

    assertThat(jarVersion("org.jooq", "jooq")).isEqualTo(text(root, "/project/properties/jooq.version"));
    assertThat(jarVersion("org.flywaydb", "flyway-core")).isEqualTo(text(root, "/project/properties/flyway.version"));
    assertThat(text(example, "/project/properties/backref.version")).isEqualTo(text(root, "/project/version"));
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Document document, String xpath) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(xpath, document).strip();
  }

  /** The version of a jar on the class path, from the pom.properties Maven put in it. */
  private static String jarVersion(String groupId, String artifactId) throws IOException {
    String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = PinnedVersionsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }
}
