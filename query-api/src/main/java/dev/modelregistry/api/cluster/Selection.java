package dev.modelregistry.api.cluster;

import dev.modelregistry.api.query.ModelFilter;
import dev.modelregistry.schemas.ModelState;
import dev.modelregistry.schemas.semantics.NameResolution;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which models a gathering needs: all, those a list filter keeps, or those that names may resolve
 * to. Every instance applies the same selection before sending, so only those models travel.
 *
 * @param query the selection as query parameters of {@code /internal/v1/states}, URL-encoded, empty for all
 * @param keep the same selection as a predicate
 */
public record Selection(String query, Predicate<ModelState> keep) {

    /** Every model. */
    public static final Selection ALL = new Selection("", s -> true);

    /** @return the models any of {@code names} may resolve to (ids, aliases, loose spellings) */
    public static Selection resolving(List<String> names) {
        Predicate<ModelState> any = s -> false;
        StringBuilder q = new StringBuilder();
        for (String n : names) {
            any = any.or(NameResolution.mayResolve(n));
            append(q, "name", n);
        }
        return new Selection(q.toString(), any);
    }

    /**
     * @param filter the parsed filter
     * @param params the filter's query parameters as given (name to values), passed on as they are
     * @return the models the filter keeps
     */
    public static Selection filtering(ModelFilter filter, Map<String, List<String>> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v -> append(q, name, v)));
        return new Selection(q.toString(), s -> filter.test(s.getSpec()));
    }

    private static void append(StringBuilder q, String name, String value) {
        q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
