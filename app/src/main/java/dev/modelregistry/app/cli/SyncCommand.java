package dev.modelregistry.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sync}: read catalogs and publish model events. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Read model catalogs, diff them against the registry and publish the changes (not built yet).")
public final class SyncCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("sync is not built yet in this version (see the project's open issues)");
    }
}
