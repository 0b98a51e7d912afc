package dev.modelregistry.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cache's rules for what may be kept, each race spelled out as given/when/then. */
class AnswerCacheTest {

    private static final String NOW = AnswerCache.CURRENT;
    private final AnswerCache cache = new AnswerCache();

    private static RenderedAnswer answer(String body) {
        return new RenderedAnswer(body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    @Test
    void anAnswerOfferedInTheCurrentGenerationIsKept() {
        long g = cache.generation();
        assertThat(cache.offer(g, "a/m", NOW, 0, 10, answer("v1"))).isTrue();
        assertThat(cache.get("a/m", NOW).json()).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aChangeDropsTheAnswerAndRefusesAnswersReadBeforeIt() {
        long g = cache.generation();
        cache.offer(g, "a/m", NOW, 0, 10, answer("v1"));
        // given the fold changed the model at offset 12
        cache.changed("a/m", 0, 12);
        assertThat(cache.get("a/m", NOW)).isNull();
        // when a reader that read the store before the change (position 11) offers its answer
        // then it is refused: it would serve the old version until the next change
        assertThat(cache.offer(g, "a/m", NOW, 0, 11, answer("v1 stale"))).isFalse();
        assertThat(cache.get("a/m", NOW)).isNull();
        // a read that saw the change (position >= 12) is kept
        assertThat(cache.offer(g, "a/m", NOW, 0, 12, answer("v2"))).isTrue();
        assertThat(new String(cache.get("a/m", NOW).json(), StandardCharsets.UTF_8)).isEqualTo("v2");
    }

    @Test
    void aReadOlderThanTheLastChangeNeverJoinsTheViewsMadeAfterIt() {
        long g = cache.generation();
        cache.changed("a/m", 0, 18);
        cache.offer(g, "a/m", NOW, 0, 20, answer("new"));
        assertThat(cache.offer(g, "a/m", NOW, 0, 15, answer("old"))).isFalse();
        assertThat(cache.offer(g, "a/m", "version=1", 0, 15, answer("old"))).isFalse();
        assertThat(new String(cache.get("a/m", NOW).json(), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void aResetEmptiesTheCacheAndRefusesOffersStartedBeforeIt() {
        long before = cache.generation();
        cache.offer(before, "a/m", NOW, 0, 10, answer("v1"));
        cache.reset();
        assertThat(cache.get("a/m", NOW)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.offer(before, "b/m", NOW, 1, 10, answer("read before the partitions moved"))).isFalse();
        assertThat(cache.offer(cache.generation(), "b/m", NOW, 1, 10, answer("read after"))).isTrue();
    }

    @Test
    void renderedAnswersCarryAStrongETagOfTheirBytesAndAGzipForm() throws Exception {
        RenderedAnswer a = answer("{\"id\":\"a/m\"}");
        assertThat(a.etag()).isEqualTo(RenderedAnswer.etagOf("{\"id\":\"a/m\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.etag()).isNotEqualTo(answer("{\"id\":\"a/n\"}").etag());
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(a.gzip()))) {
            assertThat(in.readAllBytes()).isEqualTo(a.json());
        }
    }

    @Test
    void eachViewOfAModelIsKeptAndAChangeDropsThemAll() {
        long g = cache.generation();
        cache.offer(g, "a/m", NOW, 0, 10, answer("now"));
        cache.offer(g, "a/m", "version=1", 0, 10, answer("v1"));
        cache.offer(g, "b/m", NOW, 1, 3, answer("other model"));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(new String(cache.get("a/m", "version=1").json(), StandardCharsets.UTF_8)).isEqualTo("v1");
        cache.changed("a/m", 0, 11);
        assertThat(cache.get("a/m", NOW)).isNull();
        assertThat(cache.get("a/m", "version=1")).isNull();
        assertThat(cache.get("b/m", NOW)).as("other models keep their views").isNotNull();
        // after a fresh read, a late reader from before the change is still refused for any view
        assertThat(cache.offer(g, "a/m", NOW, 0, 11, answer("now, v2"))).isTrue();
        assertThat(cache.offer(g, "a/m", "version=1", 0, 10, answer("read before the change"))).isFalse();
        assertThat(cache.offer(g, "a/m", "version=1", 0, 12, answer("v1"))).isTrue();
    }

    @Test
    void aModelKeepsABoundedNumberOfViews() {
        long g = cache.generation();
        for (int i = 0; i < AnswerCache.MAX_VIEWS_PER_MODEL + 5; i++) {
            cache.offer(g, "a/m", "as_of=" + i, 0, 10, answer("at " + i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(AnswerCache.MAX_VIEWS_PER_MODEL);
        assertThat(cache.get("a/m", "as_of=" + (AnswerCache.MAX_VIEWS_PER_MODEL + 4))).isNotNull();
    }

    @Test
    void pastTheByteBudgetTheViewsAreDroppedButChangesStillRefuseStaleReads() {
        long g = cache.generation();
        byte[] big = new byte[1 << 20];
        cache.changed("a/m", 0, 50);
        int offered = 0;
        while (offered <= AnswerCache.MAX_VIEW_BYTES >> 20) {
            cache.offer(g, "m/" + offered, NOW, 0, 100, new RenderedAnswer(big, null, null));
            offered++;
        }
        assertThat(cache.size()).isLessThan(offered);
        assertThat(cache.offer(g, "a/m", NOW, 0, 49, answer("stale"))).isFalse();
    }

    @Test
    void aListPageIsServedUntilAnyModelChangesOrTheCacheResets() {
        long c = cache.changeCount();
        cache.offerPage(c, "provider=openai", answer("[a]"));
        assertThat(cache.page("provider=openai")).isNotNull();
        assertThat(cache.page("provider=anthropic")).isNull();
        cache.changed("x/other", 2, 5);
        assertThat(cache.page("provider=openai")).as("any change may alter any list").isNull();
        cache.offerPage(c, "provider=openai", answer("[a] read before the change"));
        assertThat(cache.page("provider=openai")).isNull();
        cache.offerPage(cache.changeCount(), "provider=openai", answer("[a, b]"));
        assertThat(cache.page("provider=openai")).isNotNull();
        cache.reset();
        assertThat(cache.page("provider=openai")).isNull();
    }
}
