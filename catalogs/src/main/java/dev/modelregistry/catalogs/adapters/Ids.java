package dev.modelregistry.catalogs.adapters;

import java.util.Locale;

/** Canonical model ids: {@code provider/slug}, lower-case, no surrounding whitespace. */
public final class Ids {

    private Ids() {
    }

    /**
     * @return {@code provider/key}, or {@code key} itself when it already starts with {@code provider/}
     */
    public static String canonical(String provider, String key) {
        String p = provider.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        String k = key.strip().toLowerCase(Locale.ROOT);
        return k.startsWith(p + "/") ? k : p + "/" + k;
    }

    /** @return the provider part of a canonical id */
    public static String provider(String id) {
        return id.substring(0, id.indexOf('/'));
    }

    /** @return true if {@code id} can be a canonical id (no whitespace or control characters, provider/slug) */
    public static boolean usable(String id) {
        int slash = id.indexOf('/');
        return slash > 0 && slash < id.length() - 1 && id.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }
}
