package dev.modelregistry.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelregistry.api.cluster.ClusterReadException;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.streams.query.StoreUnavailableException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer is {@code {"code", "message"}} JSON: those of the routes, and those Jetty
 * gives before any route runs (a URI it cannot decode, a URI or headers too large).
 */
final class JsonErrors {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);
    private static final String ANSWERED = "apiError";

    private JsonErrors() {
    }

    /** Maps the routes' exceptions, and Javalin's own 404 and 405, to JSON answers. */
    static void install(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        config.routes.exception(ClusterReadException.class, (e, ctx) -> write(ctx, of(e)));
        config.routes.exception(IllegalArgumentException.class, (e, ctx) -> write(ctx, ApiException.badRequest(e.getMessage())));
        config.routes.exception(StoreUnavailableException.class, (e, ctx) -> write(ctx, ApiException.unavailable(e.getMessage())));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, new ApiException(500, "internal", "internal error; see the server log"));
        });
        config.routes.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                write(ctx, ApiException.notFound("no route " + ctx.method() + " " + ctx.path()));
            }
        });
        config.routes.error(405, ctx -> write(ctx, new ApiException(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path())));
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
    }

    /** @return the HTTP answer of a failed cluster read */
    static ApiException of(ClusterReadException e) {
        return switch (e.reason()) {
            case NOT_CAUGHT_UP, NO_OWNER, OWNER_UNREACHABLE, STORE_UNAVAILABLE -> new ApiException(503, e.reason().code(), e.getMessage(), 1);
            case UPSTREAM_ERROR -> new ApiException(502, e.reason().code(), e.getMessage(), 1);
        };
    }

    static void write(Context ctx, ApiException e) {
        ctx.attribute(ANSWERED, e.code());
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(body(e.code(), e.getMessage() == null ? e.code() : e.getMessage()));
    }

    private static Map<String, String> body(String code, String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    private static byte[] json(int status, String reason) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
        String generic = HttpStatus.getMessage(status);
        String message = reason != null && !reason.isBlank() && !reason.equals(generic) ? reason : switch (status) {
            case 400 -> "the request could not be read: a URI with a bad percent-encoding or a forbidden character, or a malformed request line";
            case 414 -> "the request URI is longer than this server accepts";
            case 431 -> "the request headers are larger than this server accepts";
            default -> generic;
        };
        try {
            return SpecJson.MAPPER.writeValueAsBytes(body(code, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jetty's error pages (bad requests it refuses before routing) as JSON instead of HTML. */
    private static final class JettyErrors extends ErrorHandler {
        private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            response.getHeaders().put(JSON);
            response.write(true, ByteBuffer.wrap(json(code, message)), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(JSON);
            return ByteBuffer.wrap(json(status, reason));
        }
    }
}
