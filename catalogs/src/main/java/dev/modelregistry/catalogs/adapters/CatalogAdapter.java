package dev.modelregistry.catalogs.adapters;

import dev.modelregistry.catalogs.source.SourceName;

/**
 * Turns one catalog document into normalised specs. Implementations never fail on an unknown
 * field or a changed field shape: what they cannot read they report in
 * {@link AdapterResult#unreadable()} and keep going.
 */
public interface CatalogAdapter {

    /** @return the source this adapter reads */
    SourceName source();

    /**
     * @param body the catalog bytes (UTF-8 JSON or YAML)
     * @return the specs and the unreadable fields
     * @throws CatalogFormatException only when the document as a whole is unusable
     */
    AdapterResult parse(byte[] body) throws CatalogFormatException;
}
