package io.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What README.md's "Use it in your build" tells a user holds for this build: {@code job-queue-bom}
 * manages every published module at the project's version, and each version the section names is
 * the one the build uses.
 */
class UseItInYourBuildTest {

  private static final Path ROOT = Path.of("..");

  /** Modules no user depends on; every other module is published and belongs in the BOM. */
  private static final Set<String> NOT_PUBLISHED =
      Set.of(
          "job-queue-bom",
          "job-queue-benchmark",
          "job-queue-worker-example",
          "job-queue-supervisor");

  private final Element parent = project(ROOT.resolve("pom.xml"));
  private final String version = text(parent, "version");

  @Test
  void theBomManagesEveryPublishedModuleAtTheProjectVersion() {
    List<String> published = new ArrayList<>();
    for (Element module : children(child(parent, "modules"), "module")) {
      String artifactId =
          text(project(ROOT.resolve(module.getTextContent()).resolve("pom.xml")), "artifactId");
      if (!NOT_PUBLISHED.contains(artifactId)) {
        published.add("io.jobqueue:" + artifactId + ":${project.version}");
      }
    }
    Element bom = project(ROOT.resolve("job-queue-bom/pom.xml"));

    assertThat(text(bom, "version")).as("job-queue-bom's version").isEqualTo(version);
    assertThat(managed(bom))
        .as(
            "job-queue-bom/pom.xml manages every module not in NOT_PUBLISHED here, at the"
                + " project's version; add a new module to one of the two")
        .containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void everyVersionTheSectionNamesIsTheOneThisBuildUses() {
    Map<String, String> versions = new HashMap<>();
    Map<String, String> properties = new HashMap<>(Map.of("project.version", version));
    children(child(parent, "properties"), null)
        .forEach(p -> properties.put(p.getTagName(), p.getTextContent()));
    for (String coordinate : managed(parent)) {
      String[] parts = coordinate.split(":");
      versions.put(parts[0] + ":" + parts[1], resolve(parts[2], properties));
    }
    versions.put("io.jobqueue:job-queue-bom", version);

    String section = Readme.section("Use it in your build");
    Matcher maven =
        Pattern.compile(
                "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(section);
    Matcher gradle = Pattern.compile("\"([\\w.-]+):([\\w.-]+):([\\w.-]+)\"").matcher(section);
    int named = 0;
    for (Matcher m : List.of(maven, gradle)) {
      while (m.find()) {
        named++;
        assertThat(m.group(3))
            .as(
                "README.md, Use it in your build: the version of %s:%s, as pom.xml has it",
                m.group(1), m.group(2))
            .isEqualTo(versions.get(m.group(1) + ":" + m.group(2)));
      }
    }
    assertThat(named).as("versions named in Maven and Gradle").isGreaterThanOrEqualTo(4);
  }

  /** groupId:artifactId:version of each dependency in a POM's dependencyManagement. */
  private static List<String> managed(Element project) {
    Element dependencies = child(child(project, "dependencyManagement"), "dependencies");
    return children(dependencies, "dependency").stream()
        .map(d -> text(d, "groupId") + ":" + text(d, "artifactId") + ":" + text(d, "version"))
        .toList();
  }

  private static String resolve(String value, Map<String, String> properties) {
    return value.startsWith("${") ? properties.get(value.substring(2, value.length() - 1)) : value;
  }

  private static Element project(Path pom) {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(pom.toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("cannot read " + pom, e);
    }
  }

  private static String text(Element element, String name) {
    return child(element, name).getTextContent().strip();
  }

  private static Element child(Element element, String name) {
    List<Element> found = children(element, name);
    assertThat(found).as("<%s> in <%s>", name, element.getTagName()).hasSize(1);
    return found.getFirst();
  }

  /** The child elements named {@code name}, or all of them when it is null. */
  private static List<Element> children(Element element, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && (name == null || child.getTagName().equals(name))) {
        found.add(child);
      }
    }
    return found;
  }
}
