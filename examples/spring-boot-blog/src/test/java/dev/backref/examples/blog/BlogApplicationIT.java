package dev.backref.examples.blog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import java.util.Arrays;

/** The whole application, HTTP to PostgreSQL: the context starts on an embedded PostgreSQL 18. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(EmbeddedPostgresConfiguration.class)
class BlogApplicationIT {

  @Autowired MockMvcTester http;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void emptyTables() {
    jdbc.update("delete from users");
    jdbc.update("delete from tags");
  }

  @Test
  void flywayAppliedBackrefsMigrations() {
    assertThat(jdbc.queryForList("select version from flyway_schema_history where success order by installed_rank", String.class))
        .containsExactly("1", "2", "3", "4");
  }

  @Test
  void registersAUserWithAFirstPostAndReadsThemBack() {
    MvcTestResult created = register("alice", "Hello", "java", "spring").exchange();

    assertThat(created).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/users/alice");
    assertThat(created).bodyJson().extractingPath("$.username").isEqualTo("alice");
    assertThat(created).bodyJson().extractingPath("$.posts[0].title").isEqualTo("Hello");
    assertThat(created).bodyJson().extractingPath("$.posts[0].tags").asArray().containsExactly("java", "spring");

    assertThat(http.get().uri("/users/{username}", "ALICE"))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.posts[0].tags")
        .asArray()
        .containsExactly("java", "spring");
  }

  @Test
  void aRefusedTagRollsTheNewUserBack() {
    assertThat(register("bob", "Hello", "bad\u0007tag")).hasStatus(HttpStatus.BAD_REQUEST);

    assertThat(http.get().uri("/users/bob")).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
  }

  @Test
  void aTakenUsernameIsAConflict() {
    assertThat(register("carol", "Hello")).hasStatus(HttpStatus.CREATED);

    assertThat(register("CAROL", "Again"))
        .hasStatus(HttpStatus.CONFLICT)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("CAROL");
  }

  @Test
  void anImportSkipsTakenNamesInOneTransactionAndKeepsTheRest() {
    assertThat(register("dave", "Hello")).hasStatus(HttpStatus.CREATED);

    assertThat(http.post().uri("/users/import").contentType(MediaType.APPLICATION_JSON).content("[\"erin\", \"DAVE\", \"frank\"]"))
        .hasStatusOk()
        .bodyJson()
        .isLenientlyEqualTo("{\"created\": [\"erin\", \"frank\"], \"skipped\": [\"DAVE\"]}");

    assertThat(jdbc.queryForList("select username from users order by username", String.class))
        .containsExactly("dave", "erin", "frank");
  }

  private MockMvcTester.MockMvcRequestBuilder register(String username, String title, String... tags) {
    String json =
        "{\"username\": \"%s\", \"title\": \"%s\", \"content\": \"...\", \"tags\": [%s]}"
            .formatted(username, title, String.join(", ", Arrays.stream(tags).map(t -> "\"" + t.replace("\u0007", "\\u0007") + "\"").toList()));
    return http.post().uri("/users").contentType(MediaType.APPLICATION_JSON).content(json);
  }
}
