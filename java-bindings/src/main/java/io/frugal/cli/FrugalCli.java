package io.frugal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/frugal}: the command line of Frugal. */
@Command(name = "frugal", mixinStandardHelpOptions = true, versionProvider = FrugalCli.Version.class,
        description = "Convolutional networks on the JVM with cheaper arithmetic.",
        subcommands = {InfoCommand.class, SmokeCommand.class, InspectCommand.class, RunCommand.class, QuantizeCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class FrugalCli {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FrugalCli()).setCaseInsensitiveEnumValuesAllowed(true); // --precision int8
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("frugal: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"frugal " + io.frugal.Frugal.version()};
        }
    }
}
