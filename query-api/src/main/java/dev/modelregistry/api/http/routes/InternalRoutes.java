package dev.modelregistry.api.http.routes;

import dev.modelregistry.api.cluster.KafkaClusterReads;
import dev.modelregistry.api.cluster.KeyRead;
import dev.modelregistry.api.cluster.LocalReads;
import dev.modelregistry.api.cluster.Selection;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.encoding.RegistrySerdes;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import dev.modelregistry.streams.query.Answer;
import dev.modelregistry.streams.query.NotLocalException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * What instances ask each other for: one model's read ({@code /internal/v1/model}) and a
 * selection of states ({@code /internal/v1/states}), answered from this instance's stores only,
 * in Avro, with the consistency token of that read. Never forwarded again.
 */
public final class InternalRoutes implements RouteGroup {

    private final LocalReads store;
    private final RegistrySerdes serdes;

    public InternalRoutes(LocalReads store, RegistrySerdes serdes) {
        this.store = store;
        this.serdes = serdes;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get(KafkaClusterReads.MODEL_PATH, this::model);
        table.get(KafkaClusterReads.STATES_PATH, this::states);
    }

    private void model(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        String id = params.required("id", "a canonical model id").toLowerCase(Locale.ROOT);
        KeyRead<?> read = KeyRead.parse(params.text(KeyRead.KIND), params.text("at"), params.text("version"), params.text("limit"));
        answer(ctx, read, id, params.minPosition(), ctx.header(InstanceRouter.STANDBY) != null);
    }

    private <T> void answer(Context ctx, KeyRead<T> read, String id, ConsistencyToken min, boolean standby) {
        Answer<T> answer;
        try {
            answer = read.runLocally(store, id, min, standby);
        } catch (NotLocalException e) {
            throw ApiException.unavailable(standby ? "this instance holds no copy of '" + id + "'"
                    : "the partition of '" + id + "' moved while the request was forwarded; retry");
        }
        Replies.token(ctx, store.token(answer.position()));
        ctx.contentType("application/octet-stream").result(read.encode(answer.value(), serdes));
    }

    private void states(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        List<String> names = params.all("name");
        Selection selection = !names.isEmpty() ? Selection.resolving(names) : Selection.filtering(params.filter(), params.filterParams());
        Answer<List<ModelState>> here = store.states(params.instant("as_of"), params.minPosition());
        Replies.token(ctx, store.token(here.position()));
        ctx.contentType("application/octet-stream").result(serdes.states().encodeAll(here.value().stream().filter(selection.keep()).toList()));
    }
}
