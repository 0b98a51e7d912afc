package dev.modelregistry.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.util.function.Function;

/** Response headers every route sets the same way. */
public final class Replies {

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

    /** Adds {@code resolvedFrom} to a body when the read resolved an alias. */
    public static ObjectNode resolved(ObjectNode body, ModelRead<?> read) {
        if (read instanceof ModelRead.Found<?> f && f.resolvedFrom() != null) {
            body.put("resolvedFrom", f.resolvedFrom());
        }
        return body;
    }
}
