package dev.modelregistry.sync.run;

import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.fetch.FetchSettings;
import dev.modelregistry.catalogs.source.SourceName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Lets tests parse a source the way a sync does, and reach the run's package-private checks. */
public final class SyncRunTestAccess {
    /** @return the warnings a sync prints about provider defaults */
    public static List<String> deprecatedDefaults(Map<String, ModelSpec> merged, java.time.Instant observedAt) {
        return SyncRun.deprecatedDefaults(merged, observedAt);
    }

    public List<ModelSpec> parse(SourceName source, Path file) throws Exception {
        try (CatalogFetcher fetcher = new CatalogFetcher(FetchSettings.defaults())) {
            return new SourceLoader(fetcher, Map.of()).load(source, file.toString(), null).result().specs();
        }
    }
}
