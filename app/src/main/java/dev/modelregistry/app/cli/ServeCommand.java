package dev.modelregistry.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve}: run the streams app and query API against an existing cluster. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the registry's stream processor and query API against a Kafka cluster (not built yet).")
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("serve is not built yet in this version (see the project's open issues)");
    }
}
