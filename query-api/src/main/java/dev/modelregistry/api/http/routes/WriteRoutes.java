package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cluster.ClusterReads;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.api.write.EventWriter;
import dev.modelregistry.api.write.ModelWriter;
import dev.modelregistry.schemas.LifecycleStatus;
import dev.modelregistry.schemas.ModelSpec;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.diff.Versioning;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Writes, behind a bearer token: {@code POST /v1/models} (register a model or a new version, in
 * the presets format) and {@code POST /v1/models/{id}/deprecation}. Each reads the model's current
 * state first, at the request's {@code min_position}, and answers 202 with the event's
 * consistency token.
 */
public final class WriteRoutes implements RouteGroup {

    private final ClusterReads reads;
    private final ModelWriter writer;
    private final String writeToken;

    /**
     * @param writeToken the bearer token writes need; null or blank disables writes (403)
     */
    public WriteRoutes(ClusterReads reads, ModelWriter writer, String writeToken) {
        this.reads = reads;
        this.writer = writer;
        this.writeToken = writeToken;
    }

    @Override
    public void addTo(RouteTable table) {
        table.post("/v1/models", this::register);
        table.modelPost("/deprecation", this::deprecate);
    }

    private void authorize(Context ctx) {
        if (writeToken == null || writeToken.isBlank()) {
            throw new ApiException(403, "writes_disabled", "writes are disabled: no api.write.token is configured");
        }
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            throw new ApiException(401, "unauthorized", "a bearer token is required (Authorization: Bearer ...)");
        }
        if (!MessageDigest.isEqual(auth.substring(7).getBytes(StandardCharsets.UTF_8), writeToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "forbidden", "the bearer token is not valid");
        }
    }

    private void register(Context ctx) {
        authorize(ctx);
        ModelSpec spec = EventWriter.parseModel(json(ctx.body()));
        ModelState current = currentOrNull(ctx, spec.getId());
        if (current != null && !Versioning.isVersionable(current.getSpec(), spec)) {
            throw new ApiException(409, "no_change", spec.getId() + " already has exactly this spec (version " + current.getVersion() + ")");
        }
        written(ctx, writer.register(spec, current));
    }

    private void deprecate(Context ctx, String name) {
        authorize(ctx);
        String id = name.toLowerCase(Locale.ROOT);
        JsonNode body = ctx.body().isBlank() ? JsonNodeFactory.instance.objectNode() : json(ctx.body());
        ModelState current = currentOrNull(ctx, id);
        if (current == null) {
            throw ApiException.notFound("unknown model '" + id + "'");
        }
        LifecycleStatus status = current.getSpec().getLifecycle().getStatus();
        if (status != LifecycleStatus.ACTIVE) {
            throw new ApiException(409, "already_deprecated", id + " is already " + status.name().toLowerCase(Locale.ROOT));
        }
        written(ctx, writer.deprecate(current, text(body, "replacement"), text(body, "retirement_date"), text(body, "reason")));
    }

    /** The model's state by its exact id (a write never goes to an alias), read where it lives. */
    private ModelState currentOrNull(Context ctx, String id) {
        ModelRead<ModelState> read = reads.current(id, RequestParams.of(ctx).minPosition());
        return read instanceof ModelRead.Found<ModelState> f && f.resolvedFrom() == null ? f.value() : null;
    }

    private static JsonNode json(String body) {
        try {
            return SpecJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.get(field).asText() : null;
    }

    private static void written(Context ctx, ModelWriter.Written w) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("eventId", w.event().getEventId());
        out.put("modelId", w.event().getModelId());
        out.put("type", w.event().getType().name().toLowerCase(Locale.ROOT));
        out.put("expectedVersion", w.event().getExpectedVersion());
        out.put("consistencyToken", w.token().encode());
        Replies.token(ctx, w.token());
        ctx.status(202).json(out);
    }
}
