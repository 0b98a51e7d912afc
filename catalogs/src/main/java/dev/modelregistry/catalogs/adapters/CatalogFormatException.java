package dev.modelregistry.catalogs.adapters;

/** The catalog as a whole is unusable (not JSON, an HTML page, the wrong top-level shape). */
public final class CatalogFormatException extends Exception {
    public CatalogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
