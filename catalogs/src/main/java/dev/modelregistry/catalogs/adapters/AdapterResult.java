package dev.modelregistry.catalogs.adapters;

import dev.modelregistry.schemas.ModelSpec;
import java.util.List;

/**
 * What an adapter made of one catalog.
 *
 * @param specs normalised specs, one per canonical id (first occurrence wins)
 * @param unreadable fields it could not read, per model; never null
 */
public record AdapterResult(List<ModelSpec> specs, List<Unreadable> unreadable) {

    /**
     * A field an adapter found but could not read.
     *
     * @param modelId canonical id, or the raw key when no id could be made
     * @param field the source field path
     * @param problem what was wrong, e.g. "expected a number, got \"abc\""
     */
    public record Unreadable(String modelId, String field, String problem) {
    }
}
