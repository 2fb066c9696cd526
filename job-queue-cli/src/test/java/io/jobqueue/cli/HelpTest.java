package io.jobqueue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every command answers --help, and a usage error points at the help of the command it was in. */
class HelpTest {

  @Test
  void everyCommandAnswersHelp() {
    for (String command :
        new String[] {"kick", "add", "limits", "work", "serve", "list", "migrate", "health"}) {
      Cli.Result help = Cli.runRaw(new byte[0], command, "--help");
      assertThat(help.status()).as("%s --help: %s", command, help).isZero();
      assertThat(help.out()).startsWith("Usage: jobqueue " + command);
    }
  }

  @Test
  void aUsageErrorNamesTheHelpOfItsCommand() {
    Cli.Result missing = Cli.runRaw(new byte[0], "kick");
    assertThat(missing.status()).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(missing.err()).contains("(see jobqueue kick --help)");

    Cli.Result twice = Cli.runRaw(new byte[0], "--url", "a", "--url", "b", "pipelines");
    assertThat(twice.status()).isEqualTo(JobQueueCli.EXIT_USAGE);
    assertThat(twice.err()).contains("(see jobqueue --help)");
  }
}
