package dev.modelregistry.api.http;

import dev.modelregistry.api.query.ModelFilter;
import dev.modelregistry.api.routing.InstanceRouter;
import dev.modelregistry.api.query.ModelQueries;
import dev.modelregistry.schemas.topics.ConsistencyToken;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of one request, parsed the same way by every route. Each method throws
 * {@link ApiException} (400) naming the parameter and what it accepts.
 */
public final class RequestParams {

    /** Query parameter (or {@link #MIN_POSITION_HEADER} header) with a consistency token to read at or after. */
    public static final String MIN_POSITION = "min_position";
    /** Header form of {@link #MIN_POSITION}; instances pass the bound on with it. */
    public static final String MIN_POSITION_HEADER = InstanceRouter.MIN_POSITION;
    /** The most items one page may hold. */
    public static final int MAX_LIMIT = 1000;
    /** Query parameters of the model list filter. */
    public static final List<String> FILTER_PARAMS = List.of("provider", "capability", "type", "endpoint", "status", "min_context",
            "max_input_price", "max_output_price", "q", "base_model", "conflicting");

    private final Context ctx;

    private RequestParams(Context ctx) {
        this.ctx = ctx;
    }

    /** @return the parameters of this request */
    public static RequestParams of(Context ctx) {
        return new RequestParams(ctx);
    }

    /** @return the parameter's value, or null if absent */
    public String text(String name) {
        return ctx.queryParam(name);
    }

    /** @return the parameter's value; 400 with {@code why} if it is absent or blank */
    public String required(String name, String why) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest(name + " is required: " + why);
        }
        return v;
    }

    /** @return the instant, or null if absent */
    public Instant instant(String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-07-01T00:00:00Z, got '" + v + "'");
        }
    }

    /** @return the whole number (at least {@code min}), or null if absent */
    public Long whole(String name, long min) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw ApiException.badRequest(name + " must be a whole number of at least " + min + ", got '" + v + "'");
    }

    /** @return true, false, or null if absent */
    public Boolean flag(String name) {
        String v = ctx.queryParam(name);
        if (v != null && !v.equals("true") && !v.equals("false")) {
            throw ApiException.badRequest(name + " must be true or false, got '" + v + "'");
        }
        return v == null ? null : Boolean.valueOf(v);
    }

    /** @return the page size: {@code limit}, 1 to {@link #MAX_LIMIT}, or the default */
    public int limit(int defaultLimit) {
        Long limit = whole("limit", 1);
        if (limit != null && limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be at most " + MAX_LIMIT);
        }
        return limit == null ? defaultLimit : limit.intValue();
    }

    /** @return the position bound of this request (query parameter, else header), or null */
    public ConsistencyToken minPosition() {
        String text = ctx.queryParam(MIN_POSITION) != null ? ctx.queryParam(MIN_POSITION) : ctx.header(MIN_POSITION_HEADER);
        if (text == null) {
            return null;
        }
        try {
            return ConsistencyToken.decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("min_position: " + e.getMessage());
        }
    }

    /** @return the model list filter of this request */
    public ModelFilter filter() {
        String status = ctx.queryParam("status");
        if (status != null && List.of("active", "deprecated", "retired").stream().noneMatch(status::equalsIgnoreCase)) {
            throw ApiException.badRequest("status must be active, deprecated or retired, got '" + status + "'");
        }
        return new ModelFilter(ctx.queryParam("provider"), ctx.queryParams("capability"), ctx.queryParam("type"),
                ctx.queryParam("endpoint"), status, whole("min_context", 0),
                ModelQueries.parsePrice(ctx.queryParam("max_input_price"), "max_input_price"),
                ModelQueries.parsePrice(ctx.queryParam("max_output_price"), "max_output_price"), ctx.queryParam("q"),
                ctx.queryParam("base_model"), flag("conflicting"));
    }

    /** @return the filter's parameters as given, name to values, absent ones left out */
    public Map<String, List<String>> filterParams() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : FILTER_PARAMS) {
            List<String> values = ctx.queryParams(name);
            if (!values.isEmpty()) {
                out.put(name, values);
            }
        }
        return out;
    }

    /** @return every value of a repeatable parameter, empty if absent */
    public List<String> all(String name) {
        return ctx.queryParams(name);
    }
}
