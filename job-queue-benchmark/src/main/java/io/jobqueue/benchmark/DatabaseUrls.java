package io.jobqueue.benchmark;

import picocli.CommandLine.Option;

/** The SQL servers' URLs, the same options in every benchmark program (a picocli mixin). */
final class DatabaseUrls {

  @Option(
      names = "--postgres-url",
      paramLabel = "URL",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=root",
      description = "Default: ${DEFAULT-VALUE}.")
  String postgres;

  @Option(
      names = "--mariadb-url",
      paramLabel = "URL",
      defaultValue = "jdbc:mysql://127.0.0.1:3306/test?user=root",
      description = "Default: ${DEFAULT-VALUE}.")
  String mariaDb;
}
