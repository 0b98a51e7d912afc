package dev.modelregistry.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code probe}: asks a health endpoint and exits 0 when it answers 2xx, 1 otherwise. The image
 * has no shell or HTTP client, so a container health check runs this with the image's own Java.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Exit 0 when a registry's health endpoint answers 2xx, 1 otherwise (for container health checks).")
public final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080/health/ready",
            description = "Endpoint to ask (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Give up after this long, e.g. 3s or 500ms (default ${DEFAULT-VALUE}).")
    String timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration limit;
        try {
            limit = dev.modelregistry.app.config.Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(limit).build();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(limit).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean healthy = response.statusCode() / 100 == 2;
            (healthy ? out : err).printf("%s answered %d%n", url, response.statusCode());
            return healthy ? 0 : 1;
        } catch (IOException e) {
            err.printf("%s did not answer: %s%n", url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
