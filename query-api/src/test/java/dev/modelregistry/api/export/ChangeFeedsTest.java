package dev.modelregistry.api.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.ModelChange;
import dev.modelregistry.streams.fold.Events;
import dev.modelregistry.streams.fold.FoldResult;
import dev.modelregistry.streams.fold.ModelFold;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Given folded changes, the Atom and RSS feeds are well-formed XML with one entry per change, newest first. */
class ChangeFeedsTest {

    private static final String BASE = "http://registry.test:8080";

    private static List<ModelChange> changes() {
        FoldResult.Accepted added = (FoldResult.Accepted) ModelFold.fold(null, false,
                Events.added(Events.spec("openai/gpt-4o", 128_000, "5"), "2026-01-01T00:00:00Z"));
        FoldResult.Accepted cheaper = (FoldResult.Accepted) ModelFold.fold(added.state(), false,
                Events.changed(Events.spec("openai/gpt-4o", 128_000, "2.5"), 1, "2026-06-01T00:00:00Z"));
        return List.of(cheaper.change(), added.change()); // newest first
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    @Test
    void anAtomFeedHasOneEntryPerChangeWithItsFieldChangesAndALinkToTheHistory() throws Exception {
        Document doc = parse(ChangeFeeds.atom(changes(), BASE, BASE + "/v1/feed.atom?provider=openai", Instant.parse("2026-11-23T00:00:00Z")));
        Element feed = doc.getDocumentElement();
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(feed.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(text(feed, "updated")).as("the newest change's time").isEqualTo("2026-06-01T00:00:00Z");
        NodeList entries = feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        Element newest = (Element) entries.item(0);
        assertThat(text(newest, "title")).isEqualTo("openai/gpt-4o changed (version 2)");
        assertThat(text(newest, "id")).isEqualTo("tag:model-registry,2026:openai/gpt-4o/v2");
        assertThat(text(newest, "content")).contains("pricing.inputPerMillion: \"5\" -> \"2.5\"");
        assertThat(((Element) newest.getElementsByTagNameNS("*", "link").item(0)).getAttribute("href"))
                .isEqualTo(BASE + "/v1/models/openai/gpt-4o/history");
        assertThat(text((Element) entries.item(1), "title")).isEqualTo("openai/gpt-4o added (version 1)");
    }

    @Test
    void anRssFeedCarriesTheSameItemsWithRfc822DatesAndStableGuids() throws Exception {
        Document doc = parse(ChangeFeeds.rss(changes(), BASE, BASE + "/v1/feed.rss", Instant.parse("2026-11-23T00:00:00Z")));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("rss");
        NodeList items = doc.getElementsByTagName("item");
        assertThat(items.getLength()).isEqualTo(2);
        Element newest = (Element) items.item(0);
        assertThat(text(newest, "pubDate")).isEqualTo("Mon, 1 Jun 2026 00:00:00 GMT");
        assertThat(text(newest, "guid")).isEqualTo("tag:model-registry,2026:openai/gpt-4o/v2");
        assertThat(text(newest, "category")).isEqualTo("model_changed");
    }

    @Test
    void anEmptyFeedIsStillValidAndDatedNow() throws Exception {
        Document doc = parse(ChangeFeeds.atom(List.of(), BASE, BASE + "/v1/feed.atom", Instant.parse("2026-11-23T00:00:00Z")));
        assertThat(text(doc.getDocumentElement(), "updated")).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(doc.getElementsByTagNameNS("*", "entry").getLength()).isZero();
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("*", name).getLength() > 0
                ? parent.getElementsByTagNameNS("*", name).item(0).getTextContent()
                : parent.getElementsByTagName(name).item(0).getTextContent();
    }
}
