package dev.modelregistry.app;

import dev.modelregistry.app.cli.RootCommand;
import picocli.CommandLine;

/** Entry point of {@code model-registry.jar}. Exit codes: 0 ok, 1 failure, 2 usage error, 3 partial failure. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(RootCommand.commandLine().execute(args));
    }
}
