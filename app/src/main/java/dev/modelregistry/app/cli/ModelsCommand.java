package dev.modelregistry.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.app.codex.AuthModeInference;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models}: the Codex CLI's model list for an auth mode, from a running registry's API. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models the Codex CLI offers for an auth mode (default first), from a running registry.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (API key if CODEX_API_KEY is set or auth.json has one, else ChatGPT), api_key or chatgpt. Default: auto.")
    String auth;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "auth.json to look for an API key in (default $CODEX_HOME/auth.json or ~/.codex/auth.json).")
    Path authFile;

    @Option(names = "--remote-models", description = "Merge the Codex catalog with the presets (Codex's features.remote_models).")
    boolean remoteModels;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "The list as it was at this instant.")
    String asOf;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", description = "The registry's API (default http://127.0.0.1:8080).")
    String api;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String mode = auth;
        if (auth.equals("auto")) {
            AuthModeInference.Decision d = AuthModeInference.infer(System.getenv(),
                    authFile != null ? authFile : AuthModeInference.defaultAuthFile(System.getenv()));
            mode = d.mode();
            out.printf("auth: %s (%s)%n", mode, d.reason());
        } else if (!auth.equals("api_key") && !auth.equals("chatgpt")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--auth must be auto, api_key or chatgpt");
        }
        String query = "/v1/codex/models?auth=" + mode + "&remote_models=" + remoteModels
                + (asOf == null ? "" : "&as_of=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        JsonNode body = new RegistryApi(api, new ObjectMapper()).get(query, Duration.ofSeconds(30));
        for (JsonNode m : body.get("models")) {
            out.printf("%s %s%s%n", m.get("isDefault").asBoolean() ? "*" : " ", m.get("slug").asText(),
                    m.get("isDefault").asBoolean() ? " (default)" : "");
        }
        out.flush();
        return 0;
    }
}
