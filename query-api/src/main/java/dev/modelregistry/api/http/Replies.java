package dev.modelregistry.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Response headers every route sets the same way. */
public final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    /** Response header: the position the answer was read at; pass it as {@code min_position} to read your writes. */
    public static final String TOKEN_HEADER = InstanceRouter.TOKEN;
    /** Response header: the instance ({@code host:port}) whose store answered. */
    public static final String ANSWERED_BY = InstanceRouter.ANSWERED_BY;

    private Replies() {
    }

    /** Sets the consistency token of this answer (nothing if null). */
    public static void token(Context ctx, ConsistencyToken token) {
        if (token != null) {
            ctx.header(TOKEN_HEADER, token.encode());
        }
    }

    /**
     * Sets the headers of a model read and returns what it found.
     *
     * @param unknown the error when nothing was found, given the id that was tried
     * @throws ApiException from {@code unknown} when the read found nothing
     */
    public static <T> T found(Context ctx, ModelRead<T> read, Function<String, ApiException> unknown) {
        token(ctx, read.token());
        if (read.answeredBy() != null) {
            ctx.header(ANSWERED_BY, read.answeredBy());
        }
        if (read instanceof ModelRead.Found<T> f) {
            return f.value();
        }
        throw unknown.apply(((ModelRead.Unknown<T>) read).id());
    }

    /**
     * Sends a rendered answer with its ETag: 304 and no body when the client already has it
     * ({@code If-None-Match}), else the bytes, gzipped when the client accepts gzip.
     */
    public static void send(Context ctx, RenderedAnswer answer) {
        send(ctx, answer, ContentType.APPLICATION_JSON.getMimeType());
    }

    /**
     * As {@link #send(Context, RenderedAnswer)}, for a body of another type (an XML feed).
     *
     * @param contentType the body's media type
     */
    public static void send(Context ctx, RenderedAnswer answer, String contentType) {
        if (answer.token() != null) {
            ctx.header(TOKEN_HEADER, answer.token());
        }
        if (answer.answeredBy() != null) {
            ctx.header(ANSWERED_BY, answer.answeredBy());
        }
        ctx.header(Header.ETAG, answer.etag());
        ctx.header(Header.VARY, Header.ACCEPT_ENCODING);
        String ifNoneMatch = ctx.header(Header.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, answer.etag())) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(contentType);
        String accepts = ctx.header(Header.ACCEPT_ENCODING);
        byte[] body;
        if (accepts != null && accepts.contains("gzip")) {
            ctx.header(Header.CONTENT_ENCODING, "gzip");
            body = answer.gzip();
        } else {
            body = answer.json();
        }
        // Straight to the servlet's stream: the bytes are final, so neither Javalin's copy
        // through a fresh 8 KiB buffer nor its compression layer has anything to add.
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // the client went away mid-answer: nobody is left to tell
            log.debug("answer to {} not sent: {}", ctx.path(), e.toString());
        }
    }

    /** {@code If-None-Match}: {@code *} or a comma-separated list of (possibly weak) tags. */
    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || (t.startsWith("W/") && t.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code resolvedFrom} to a body when the read resolved an alias. */
    public static ObjectNode resolved(ObjectNode body, ModelRead<?> read) {
        if (read instanceof ModelRead.Found<?> f && f.resolvedFrom() != null) {
            body.put("resolvedFrom", f.resolvedFrom());
        }
        return body;
    }
}
