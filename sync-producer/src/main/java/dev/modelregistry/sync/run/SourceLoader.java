package dev.modelregistry.sync.run;

import dev.modelregistry.catalogs.adapters.AdapterResult;
import dev.modelregistry.catalogs.adapters.CatalogAdapter;
import dev.modelregistry.catalogs.adapters.CatalogFormatException;
import dev.modelregistry.catalogs.adapters.CodexAdapter;
import dev.modelregistry.catalogs.adapters.LiteLlmAdapter;
import dev.modelregistry.catalogs.adapters.ModelsDevAdapter;
import dev.modelregistry.catalogs.adapters.OllamaAdapter;
import dev.modelregistry.catalogs.adapters.OpenAiAdapter;
import dev.modelregistry.catalogs.adapters.OpenRouterAdapter;
import dev.modelregistry.catalogs.adapters.PresetsAdapter;
import dev.modelregistry.sync.fetch.CatalogFetcher;
import dev.modelregistry.sync.fetch.FetchException;
import dev.modelregistry.catalogs.source.SourceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fetches and parses one source: a file, a directory of presets, or a URL. */
final class SourceLoader {

    /** The outcome of loading a source: specs, or a failure reason, or "not modified". */
    record Loaded(AdapterResult result, String etag, String lastModified, boolean notModified) {
    }

    private static final Map<SourceName, CatalogAdapter> ADAPTERS = new EnumMap<>(Map.of(
            SourceName.PRESETS, new PresetsAdapter(),
            SourceName.LITELLM, new LiteLlmAdapter(),
            SourceName.MODELSDEV, new ModelsDevAdapter(),
            SourceName.OPENROUTER, new OpenRouterAdapter(),
            SourceName.OPENAI, new OpenAiAdapter(),
            SourceName.OLLAMA, new OllamaAdapter(),
            SourceName.CODEX, new CodexAdapter()));

    private final CatalogFetcher fetcher;
    private final Map<String, String> environment;

    SourceLoader(CatalogFetcher fetcher, Map<String, String> environment) {
        this.fetcher = fetcher;
        this.environment = environment;
    }

    /**
     * @throws FetchException when the source cannot be fetched, its document is unusable, or a
     *     needed API key is missing
     */
    Loaded load(SourceName source, String location, CatalogFetcher.Validators previous) throws FetchException {
        return load(new SyncRun.Source(source, location), previous);
    }

    /**
     * @param previous validators of the last good copy, or null
     * @throws FetchException when the source cannot be fetched, its document is unusable, or a
     *     needed API key is missing
     */
    Loaded load(SyncRun.Source from, CatalogFetcher.Validators previous) throws FetchException {
        SourceName source = from.name();
        String location = from.location();
        CatalogAdapter adapter = ADAPTERS.get(source);
        boolean remote = location.startsWith("http://") || location.startsWith("https://");
        if (!remote && Files.isDirectory(Path.of(location))) {
            return new Loaded(parseDirectory(adapter, Path.of(location)), null, null, false);
        }
        String keyVariable = from.keyVariable();
        String apiKey = keyVariable == null ? null : environment.get(keyVariable);
        if (remote && CatalogFetcher.requiresApiKey(source.id()) && (apiKey == null || apiKey.isBlank())) {
            throw new FetchException(keyVariable + " is not set: the remote " + source.id()
                    + " catalog needs an API key in the environment (the last good copy is kept)", null);
        }
        CatalogFetcher.Fetched fetched = fetcher.fetch(location, apiKey,
                remote && previous != null ? previous : CatalogFetcher.Validators.NONE);
        if (fetched.notModified()) {
            return new Loaded(null, fetched.etag(), fetched.lastModified(), true);
        }
        try {
            AdapterResult result = adapter.parse(fetched.body());
            if (source == SourceName.OLLAMA && remote && location.endsWith("/api/tags")) {
                withShowDetails(location.substring(0, location.length() - "/api/tags".length()), result);
            }
            return new Loaded(result, fetched.etag(), fetched.lastModified(), false);
        } catch (CatalogFormatException e) {
            throw new FetchException(e.getMessage(), e);
        }
    }

    /**
     * Adds each model's {@code /api/show} details (context length, capabilities) when the Ollama
     * server answers; a model it does not answer for keeps what {@code /api/tags} said, and the
     * miss is reported as an unreadable field rather than failing the source.
     */
    private void withShowDetails(String base, AdapterResult result) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (dev.modelregistry.schemas.ModelSpec spec : result.specs()) {
            String name = spec.getDisplayName();
            try {
                byte[] show = fetcher.postJson(base + "/api/show", json.writeValueAsString(Map.of("model", name)));
                OllamaAdapter.withShow(spec, json.readTree(show));
            } catch (FetchException | java.io.IOException e) {
                result.unreadable().add(new AdapterResult.Unreadable(spec.getId(), "/api/show", e.getMessage()));
            }
        }
    }

    private AdapterResult parseDirectory(CatalogAdapter adapter, Path dir) throws FetchException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")
                    || p.toString().endsWith(".json") || p.toString().endsWith(".gz")).sorted().toList();
        } catch (IOException e) {
            throw new FetchException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new FetchException(dir + " holds no catalog files (*.yml, *.yaml, *.json, *.gz)", null);
        }
        List<dev.modelregistry.schemas.ModelSpec> specs = new ArrayList<>();
        List<AdapterResult.Unreadable> unreadable = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Path file : files) {
            try {
                AdapterResult r = adapter.parse(fetcher.readFile(file));
                r.specs().stream().filter(s -> seen.add(s.getId())).forEach(specs::add);
                unreadable.addAll(r.unreadable());
            } catch (CatalogFormatException e) {
                throw new FetchException(file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return new AdapterResult(specs, unreadable);
    }
}
