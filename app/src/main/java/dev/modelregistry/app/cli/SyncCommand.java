package dev.modelregistry.app.cli;

import dev.modelregistry.app.config.RegistryConfig;
import dev.modelregistry.app.config.SourcesConfig;
import dev.modelregistry.app.sync.BundledCatalogs;
import dev.modelregistry.sync.poll.PolledSource;
import dev.modelregistry.app.sync.SyncJob;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.sync.run.SyncRun;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sync}: read catalogs, diff them against the registry and publish the changes. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Read model catalogs, diff them against the registry and publish the changes in one transaction.",
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error, 3 partial failure (a source failed; the others synced)."})
public final class SyncCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--source", paramLabel = "NAME=FILE_OR_URL",
            description = "A catalog to read (repeatable). NAME: presets, litellm, modelsdev, openrouter, openai, ollama, codex. "
                    + "Without any, the configured sources (source.*: the public catalogs by default).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--presets", paramLabel = "DIR", description = "Directory of preset YAML files (same as --source presets=DIR).")
    String presets;

    @Option(names = "--grace", paramLabel = "N|DURATION", description = "Absence tolerated before deprecation: syncs (3) or a duration (7d); 0 = at once.")
    String grace;

    @Option(names = "--observed-at", paramLabel = "INSTANT", description = "Record the catalogs as observed then (ISO-8601), for backfilling archived catalogs in date order.")
    String observedAt;

    @Option(names = "--dry-run", description = "Print the events that would be published; publish nothing.")
    boolean dryRun;

    @Option(names = "--once", description = "Sync once and exit (the default).")
    boolean once;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Sync again every DURATION (e.g. PT1H, 30m) until stopped.")
    String interval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<SyncRun.Source> parsed = new ArrayList<>();
        try {
            for (String s : sources) {
                int eq = s.indexOf('=');
                if (eq <= 0 || eq == s.length() - 1) {
                    throw new IllegalArgumentException("--source needs NAME=FILE_OR_URL, got '" + s + "'");
                }
                parsed.add(new SyncRun.Source(SourceName.parse(s.substring(0, eq)), s.substring(eq + 1)));
            }
            if (presets != null) {
                parsed.add(new SyncRun.Source(SourceName.PRESETS, presets));
            }
            if (grace != null) {
                dev.modelregistry.sync.plan.Grace.parse(grace);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Instant at = null;
        if (observedAt != null) {
            try {
                at = Instant.parse(observedAt);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--observed-at needs an ISO-8601 instant such as 2026-07-01T00:00:00Z");
            }
        }
        Duration every = interval == null ? null : parseInterval(interval);
        RegistryConfig config = common.load(new HashMap<>());
        if (parsed.isEmpty()) {
            // no --source: the configured sources (source.*), as up polls them
            java.nio.file.Path presetsDir = BundledCatalogs.extract(config.dataDir()).presetsDir();
            SourcesConfig.sources(config, presetsDir, System.getenv()).stream().filter(PolledSource::polled)
                    .map(PolledSource::toRunSource).forEach(parsed::add);
        }
        PrintWriter out = spec.commandLine().getOut();
        RegistrySerdes serdes = config.serdes();
        int exit;
        do {
            SyncRun.Report report = SyncJob.run(config, parsed, grace, at, dryRun, serdes, System.getenv());
            SyncJob.print(report, config.topics().events(), out);
            exit = report.partialFailure() ? RootCommand.EXIT_PARTIAL : 0;
            if (every != null) {
                out.printf("Next sync in %s (Ctrl-C to stop)%n", every);
                out.flush();
                Thread.sleep(every.toMillis());
            }
        } while (every != null);
        return exit;
    }

    private Duration parseInterval(String text) {
        try {
            dev.modelregistry.sync.plan.Grace g = dev.modelregistry.sync.plan.Grace.parse(text);
            if (g.duration() == null || g.duration().isZero()) {
                throw new IllegalArgumentException();
            }
            return g.duration();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval needs a positive duration such as 30m, 1h or PT1H");
        }
    }
}
