package io.jobqueue.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A statement name is a contract: every dialect folder has the same statements, and a statement of
 * a given name takes the same parameters in every folder, so the shared classes can run any of them
 * on any database. What one database does in its own steps lives in its folder's {@code private/},
 * run only by its dialect class; statements that are the same text everywhere live beside the
 * folders.
 */
class SqlContractTest {

  private static final String PRIVATE = "private";

  @Test
  void everyFolderBelongsToADialect() throws Exception {
    for (String folder : dialectFolders()) {
      assertThat(SqlDialect.named(folder).name())
          .as("the dialect of folder " + folder)
          .isEqualTo(folder);
    }
    assertThat(dialectFolders()).containsExactlyInAnyOrder("postgres", "mysql", "sqlite");
  }

  @Test
  void everyDialectFolderHasTheSameStatements() throws Exception {
    Map<String, Set<String>> names = new TreeMap<>();
    for (String folder : dialectFolders()) {
      names.put(folder, statementNames(root().resolve(folder)));
    }
    Set<String> all =
        names.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    Map<String, Set<String>> missing = new TreeMap<>();
    names.forEach((folder, has) -> {
      Set<String> lacks = new TreeSet<>(all);
      lacks.removeAll(has);
      if (!lacks.isEmpty()) {
        missing.put(folder, lacks);
      }
    });
    assertThat(missing)
        .as(
            "statements another dialect folder has, per folder that lacks them (a dialect's own steps go to its %s/)",
            PRIVATE)
        .isEmpty();
  }

  @Test
  void aStatementTakesTheSameParametersInEveryDialect() throws Exception {
    Set<String> names = statementNames(root().resolve(dialectFolders().get(0)));
    for (String name : names) {
      Map<String, Set<String>> parameters = new TreeMap<>();
      for (String folder : dialectFolders()) {
        parameters.put(folder, parameters(new SqlStatements(folder, "p_").get(name)));
      }
      assertThat(Set.copyOf(parameters.values()))
          .as("parameters of %s.sql per dialect: %s", name, parameters)
          .hasSize(1);
    }
  }

  @Test
  void everyStatementReadsInEveryDialect() throws Exception {
    Set<String> shared = statementNames(root());
    for (String folder : dialectFolders()) {
      SqlStatements sql = new SqlStatements(folder, "p_");
      for (String name : shared) {
        assertThat(sql.shared(name))
            .as("%s.sql on %s", name, folder)
            .doesNotContain("<jobs-now>", "<prefix>");
      }
      Set<String> own = statementNames(root().resolve(folder).resolve(PRIVATE));
      for (String name : own) {
        assertThat(sql.get(PRIVATE + "/" + name))
            .as("%s/%s/%s.sql", folder, PRIVATE, name)
            .doesNotContain("<prefix>");
      }
    }
  }

  @Test
  void parametersAreNamedNeverPositional() throws Exception {
    for (String folder : dialectFolders()) {
      SqlStatements sql = new SqlStatements(folder, "p_");
      Stream<String> statements =
          Stream.of(
                  statementNames(root().resolve(folder)).stream().map(sql::get),
                  statementNames(root().resolve(folder).resolve(PRIVATE)).stream()
                      .map(name -> sql.get(PRIVATE + "/" + name)),
                  statementNames(root()).stream().map(sql::shared))
              .flatMap(s -> s);
      statements.forEach(statement ->
          assertThat(PlainSql.parse(statement))
              .as("a ? binds by position, which the contract cannot compare: %s", statement)
              .noneMatch(
                  token -> token.kind() == PlainSql.Kind.TEXT && token.text().contains("?")));
    }
  }

  /** The {@code :name} parameters and {@code <name>} lists of a statement. */
  private static Set<String> parameters(String statement) {
    return PlainSql.parse(statement).stream()
        .filter(token -> token.kind() != PlainSql.Kind.TEXT)
        .map(token ->
            token.kind() == PlainSql.Kind.LIST ? "<" + token.text() + ">" : ":" + token.text())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> dialectFolders() throws IOException, URISyntaxException {
    try (Stream<Path> entries = Files.list(root())) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private static Set<String> statementNames(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".sql"))
          .map(name -> name.substring(0, name.length() - ".sql".length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The folder of the SQL resources, as the build put it on the class path. */
  private static Path root() throws URISyntaxException {
    return Path.of(
            SqlContractTest.class
                .getClassLoader()
                .getResource("io/jobqueue/jdbc/schema-version.sql")
                .toURI())
        .getParent();
  }
}
