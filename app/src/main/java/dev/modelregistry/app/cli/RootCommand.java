package dev.modelregistry.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code model-registry}: the parent of every subcommand. */
@Command(name = "model-registry", mixinStandardHelpOptions = true, version = "model-registry 0.1.0",
        description = "An event-sourced registry of LLM models on Apache Kafka.",
        subcommands = {UpCommand.class, SyncCommand.class, ServeCommand.class, TopicsCommand.class, ModelsCommand.class, ClusterCommand.class,
                BrokerCommand.class, ProbeCommand.class, CostCommand.class,
                CommandLine.HelpCommand.class})
public final class RootCommand implements Runnable {

    /** Exit code of a run that did part of its work (for example one catalog source failed). */
    public static final int EXIT_PARTIAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: up, sync, serve or topics");
    }

    /** @return a command line whose exceptions become a one-line error and exit code 1 */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + describe(e));
            return 1;
        });
        return cli;
    }

    /** The message, plus the root cause's when it adds something (Kafka wraps the useful part). */
    static String describe(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }
}
