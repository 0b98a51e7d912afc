package dev.modelregistry.schemas.semantics;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model's id says about it: the model's own slug behind provider, region and vendor
 * prefixes, whether it belongs to OpenAI's reasoning family, and the undated name of a dated
 * snapshot. Pure; every method accepts any non-null id and never throws.
 */
public final class ModelNames {

    /**
     * OpenAI's reasoning models: o1, o3, o4 and their variants, gpt-5 and every later generation
     * (gpt-5.2, gpt-6 ...), with any suffix (-mini, -nano, -pro, -codex, dated snapshots), and
     * codex-mini (an o4-mini derivative). OpenAI rejects {@code max_tokens} for all of them.
     */
    private static final Pattern OPENAI_REASONING = Pattern.compile(
            "^(o1|o3|o4)(-.*)?$|^gpt-(5|[6-9]|[1-9][0-9])([.-].*)?$|^codex-mini(-.*)?$");

    /** OpenAI's own model names (the family whose API rules the capability registry encodes). */
    private static final Pattern OPENAI_FAMILY = Pattern.compile(
            "^(o1|o3|o4)(-.*)?$|^gpt-[0-9].*|^chatgpt-.*|^codex-.*|^text-embedding-.*|^text-moderation-.*|^omni-moderation-.*"
                    + "|^dall-e-.*|^gpt-image-.*|^whisper-.*|^tts-.*|^(babbage|davinci)-002$|^computer-use-preview.*");

    /** Date suffixes of snapshots: -2024-08-06, -20241022, @20240620, -0613 (OpenAI's MMDD), -v2:0 (Bedrock). */
    private static final Pattern DATED = Pattern.compile(
            "^(.+?)(?:[-@](?:20[0-9]{2}-[01][0-9]-[0-3][0-9]|20[0-9]{2}[01][0-9][0-3][0-9]|0[1-9][0-3][0-9]|1[0-2][0-3][0-9]))(?:-v[0-9]+(?::[0-9]+)?)?$");

    /** Bedrock-style region and vendor prefixes: us.anthropic.claude-..., eu.meta.llama... */
    private static final Pattern VENDOR_PREFIX = Pattern.compile(
            "^(?:(?:us|eu|apac|global|jp|au|ca|us-gov)\\.)?(anthropic|openai|meta|amazon|mistral|cohere|ai21|deepseek|qwen|writer|google)\\.(.+)$");

    private ModelNames() {
    }

    /**
     * @return the model's own name: the last path segment of the id, without a Bedrock region or
     *     vendor prefix, a Bedrock version suffix ({@code -v1:0}) or an Ollama tag ({@code :latest});
     *     lower-case
     */
    public static String slug(String id) {
        String s = id.toLowerCase(Locale.ROOT);
        s = s.substring(s.lastIndexOf('/') + 1);
        Matcher vendor = VENDOR_PREFIX.matcher(s);
        if (vendor.matches()) {
            s = vendor.group(2);
        }
        s = s.replaceFirst("-v[0-9]+(:[0-9]+)?$", "");
        int colon = s.indexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }

    /** @return the vendor a Bedrock-style id names ({@code us.anthropic.claude-...} -> anthropic), if any */
    public static Optional<String> vendorPrefix(String id) {
        String s = id.toLowerCase(Locale.ROOT);
        Matcher vendor = VENDOR_PREFIX.matcher(s.substring(s.lastIndexOf('/') + 1));
        return vendor.matches() ? Optional.of(vendor.group(1)) : Optional.empty();
    }

    /** @return true if the id names a model of OpenAI's reasoning family, on any provider */
    public static boolean isOpenAiReasoning(String id) {
        return OPENAI_REASONING.matcher(slug(id)).matches();
    }

    /** @return true if the id names one of OpenAI's models, on any provider */
    public static boolean isOpenAiFamily(String id) {
        return OPENAI_FAMILY.matcher(slug(id)).matches() || id.toLowerCase(Locale.ROOT).contains("openai/");
    }

    /** @return the slug without its snapshot date ({@code gpt-4o-2024-08-06} -> {@code gpt-4o}), if it has one */
    public static Optional<String> undated(String slug) {
        Matcher m = DATED.matcher(slug);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * @return a key under which spellings of one name meet: dots, underscores and dashes are one
     *     separator ({@code claude-sonnet-4.5} and {@code claude-sonnet-4-5} meet)
     */
    public static String looseKey(String slug) {
        return slug.toLowerCase(Locale.ROOT).replaceAll("[._\\-]+", "-");
    }
}
