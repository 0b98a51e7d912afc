package dev.modelregistry.api.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.api.cache.RenderedAnswer;
import dev.modelregistry.api.changes.ChangeFeed;
import dev.modelregistry.api.http.ApiException;
import dev.modelregistry.api.http.Replies;
import dev.modelregistry.api.export.ChangeFeeds;
import dev.modelregistry.api.http.RequestParams;
import dev.modelregistry.api.http.RouteGroup;
import dev.modelregistry.api.http.RouteTable;
import dev.modelregistry.api.json.SpecJson;
import dev.modelregistry.schemas.ModelChange;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed: {@code GET /v1/changes} (pages after a cursor) and
 * {@code GET /v1/changes/stream} (server-sent events from a cursor, or from now, resumable with
 * {@code Last-Event-ID}). Each open stream has its own reader thread, ended by {@link #close()}.
 */
public final class ChangeRoutes implements RouteGroup {

    private static final Logger log = LoggerFactory.getLogger(ChangeRoutes.class);

    private final ChangeFeed feed;
    private final List<Thread> streamThreads = new CopyOnWriteArrayList<>();
    private final Set<SseClient> sseClients = ConcurrentHashMap.newKeySet();

    public ChangeRoutes(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void addTo(RouteTable table) {
        table.get("/v1/changes", this::changes);
        table.sse("/v1/changes/stream", this::stream);
        table.get("/v1/feed.atom", ctx -> feed(ctx, true));
        table.get("/v1/feed.rss", ctx -> feed(ctx, false));
    }

    /** @param checkedAt when the history topic's end was last compared with {@code key} (System.nanoTime) */
    private record RenderedFeed(String key, RenderedAnswer xml, long checkedAt) {
    }

    /**
     * How long a rendered feed is sent without asking Kafka whether the history moved: asking
     * opens a consumer (a few ms), which capped the feed at about 300 answers a second.
     */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    /** The last feed rendered per query: feed readers poll the same URL again and again. */
    private final Map<String, RenderedFeed> feeds = new ConcurrentHashMap<>();

    /**
     * {@code /v1/feed.atom} and {@code /v1/feed.rss}: the newest {@code limit} (default 50)
     * changes, filtered like {@code /v1/changes}; rendered once per position of the history topic.
     */
    private void feed(Context ctx, boolean atom) {
        int limit = RequestParams.of(ctx).limit(50);
        String query = (atom ? "atom " : "rss ") + ctx.host() + "?" + ctx.queryString(); // links carry the host asked
        RenderedFeed rendered = feeds.get(query);
        long now = System.nanoTime();
        if (rendered != null && now - rendered.checkedAt() < RECHECK_NANOS) {
            sendFeed(ctx, rendered, atom);
            return;
        }
        String key = query + "|" + feed.now();
        if (rendered != null && rendered.key().equals(key)) {
            rendered = new RenderedFeed(key, rendered.xml(), now);
            feeds.put(query, rendered);
        } else {
            String base = ctx.scheme() + "://" + ctx.host();
            String self = base + ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            List<ModelChange> latest = feed.latest(limit, filter(ctx));
            byte[] xml = atom ? ChangeFeeds.atom(latest, base, self, java.time.Instant.now())
                    : ChangeFeeds.rss(latest, base, self, java.time.Instant.now());
            rendered = new RenderedFeed(key, new RenderedAnswer(xml, null, null), now); // gzipped once, on first demand
            if (feeds.size() > 256) {
                feeds.clear(); // many distinct queries: start over rather than grow without bound
            }
            feeds.put(query, rendered);
        }
        sendFeed(ctx, rendered, atom);
    }

    private static void sendFeed(Context ctx, RenderedFeed rendered, boolean atom) {
        ctx.header("Cache-Control", "public, max-age=60");
        Replies.send(ctx, rendered.xml(), atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
    }

    private void changes(Context ctx) {
        RequestParams params = RequestParams.of(ctx);
        int limit = params.limit(100);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        if (Boolean.TRUE.equals(params.flag("newest"))) {
            if (ctx.queryParam("after") != null) {
                throw ApiException.badRequest("newest=true reads back from the end: it takes no after");
            }
            // "now" first: a change landing while the newest are read shows up in both, never in neither
            String next = feed.now();
            for (ModelChange c : feed.latest(limit, filter(ctx))) {
                ObjectNode n = SpecJson.change(c, withSpec(params));
                n.put("id", c.getModelId());
                items.add(n);
            }
            out.put("next", next);
        } else {
            ChangeFeed.Page page = feed.read(ctx.queryParam("after"), limit, filter(ctx));
            boolean withSpec = withSpec(params);
            page.entries().forEach(e -> items.add(event(e, withSpec)));
            out.put("next", page.next());
        }
        ctx.json(out);
    }

    /** {@code with_spec=true}: each change carries the whole spec after it (for clients that keep a copy). */
    private static boolean withSpec(RequestParams params) {
        return Boolean.TRUE.equals(params.flag("with_spec"));
    }

    private static ObjectNode event(ChangeFeed.Entry e, boolean withSpec) {
        ObjectNode n = SpecJson.change(e.change(), withSpec);
        n.put("id", e.change().getModelId());
        n.put("position", e.cursor());
        return n;
    }

    private static Predicate<ModelChange> filter(Context ctx) {
        String provider = ctx.queryParam("provider");
        String model = ctx.queryParam("model");
        return c -> (provider == null || c.getSpec().getProvider().equalsIgnoreCase(provider))
                && (model == null || c.getModelId().equalsIgnoreCase(model));
    }

    private void stream(SseClient client) {
        Context ctx = client.ctx();
        String lastId = ctx.header("Last-Event-ID");
        String after;
        boolean withSpec;
        try {
            after = lastId != null && !lastId.isBlank() ? lastId : ctx.queryParam("after") != null ? ctx.queryParam("after") : feed.now();
            ChangeFeed.validate(after);
            withSpec = withSpec(RequestParams.of(ctx));
        } catch (IllegalArgumentException | ApiException e) {
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", "bad_request").put("message", e.getMessage());
            client.sendEvent("error", error.toString(), null);
            client.close();
            return;
        }
        Predicate<ModelChange> filter = filter(ctx);
        client.keepAlive();
        sseClients.add(client);
        client.onClose(() -> sseClients.remove(client));
        Thread t = new Thread(() -> {
            try {
                client.sendComment("subscribed");
                feed.stream(after, filter, e -> client.sendEvent("change", event(e, withSpec).toString(), e.cursor()), () -> !client.terminated());
            } catch (RuntimeException e) {
                log.debug("change stream ended: {}", e.toString());
            } finally {
                client.close();
                streamThreads.remove(Thread.currentThread());
            }
        }, "sse-" + ctx.ip());
        t.setDaemon(true);
        streamThreads.add(t);
        t.start();
    }

    /** Ends every open stream; open streams would hold the server's stop past its timeout. */
    @Override
    public void close() {
        sseClients.forEach(SseClient::close);
        streamThreads.forEach(Thread::interrupt);
    }
}
