package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.AnswerCache;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.cluster.ModelRead;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serves one view of one model (now, a version, as of an instant, a history page): from memory
 * when this instance rendered it since the model last changed, else read, rendered once, kept
 * when it may be, and sent with its ETag.
 */
final class ModelViews {

    private final AnswerCache cache;

    /** @param cache the rendered answers, or null to read and render every time */
    ModelViews(AnswerCache cache) {
        this.cache = cache;
    }

    /**
     * @param name the model name asked for (an id or an alias, any case)
     * @param view what is read, uniquely: equal views of a model must give equal answers
     * @param min the request's position bound; a bounded read always goes to the store
     * @param read the read, run on a miss
     * @param unknown the error when the read finds nothing, given the id tried
     * @param render the body of what was found
     * @throws ApiException from {@code unknown} or {@code render}
     */
    <T> void serve(Context ctx, String name, String view, ConsistencyToken min, Supplier<ModelRead<T>> read,
                   Function<String, ApiException> unknown, Function<T, ObjectNode> render) {
        boolean cacheable = cache != null && min == null;
        String id = name.toLowerCase(Locale.ROOT);
        if (cacheable) {
            RenderedAnswer hit = cache.get(id, view);
            if (hit != null) {
                Replies.send(ctx, hit);
                return;
            }
        }
        long generation = cacheable ? cache.generation() : 0;
        ModelRead<T> answered = read.get();
        T value = Replies.found(ctx, answered, unknown);
        RenderedAnswer answer = RenderedAnswer.of(Replies.resolved(render.apply(value), answered),
                answered.token() == null ? null : answered.token().encode(), answered.answeredBy());
        // Only this instance's own, direct answers: a relayed or standby answer is not kept up to
        // date by this instance's fold, and an alias may come to name another model.
        if (cacheable && answered instanceof ModelRead.Found<T> found && found.origin() == ModelRead.Origin.HERE
                && found.resolvedFrom() == null && found.token() != null && found.token().offsets().size() == 1) {
            Map.Entry<Integer, Long> at = found.token().offsets().entrySet().iterator().next();
            cache.offer(generation, id, view, at.getKey(), at.getValue(), answer);
        }
        Replies.send(ctx, answer);
    }
}
