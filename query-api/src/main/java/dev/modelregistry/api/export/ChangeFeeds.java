package dev.modelregistry.api.export;

import dev.modelregistry.schemas.FieldChange;
import dev.modelregistry.schemas.ModelChange;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Changes as an Atom 1.0 or RSS 2.0 feed, for feed readers and the chat tools that follow
 * feeds. Pure: changes in (newest first), XML bytes out. Each entry names the model, the kind
 * of change and its version, links to the model's history, and lists the field changes.
 */
public final class ChangeFeeds {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final int MAX_LISTED_CHANGES = 40;

    private ChangeFeeds() {
    }

    /**
     * @param changes newest first
     * @param base the API's base URL ({@code http://host:port}), for links
     * @param self this feed's own URL
     * @param now the feed's updated time when it has no entries
     */
    public static byte[] atom(List<ModelChange> changes, String base, String self, Instant now) {
        return write(w -> {
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace(ATOM);
            element(w, "id", "tag:model-registry,2026:" + self.substring(base.length()));
            element(w, "title", "model-registry: model changes");
            element(w, "updated", (changes.isEmpty() ? now : recorded(changes.get(0))).toString());
            link(w, "self", self, "application/atom+xml");
            link(w, "alternate", base + "/v1/changes", "application/json");
            w.writeStartElement("author");
            element(w, "name", "model-registry");
            w.writeEndElement();
            for (ModelChange c : changes) {
                w.writeStartElement("entry");
                element(w, "id", entryId(c));
                element(w, "title", title(c));
                element(w, "updated", recorded(c).toString());
                link(w, "alternate", historyUrl(base, c), "application/json");
                w.writeStartElement("category");
                w.writeAttribute("term", c.getType().name().toLowerCase(Locale.ROOT));
                w.writeEndElement();
                w.writeStartElement("content");
                w.writeAttribute("type", "text");
                w.writeCharacters(summary(c));
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
        });
    }

    /** The same changes as RSS 2.0. */
    public static byte[] rss(List<ModelChange> changes, String base, String self, Instant now) {
        DateTimeFormatter rfc822 = DateTimeFormatter.RFC_1123_DATE_TIME;
        return write(w -> {
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("rss");
            w.writeAttribute("version", "2.0");
            w.writeNamespace("atom", ATOM);
            w.writeStartElement("channel");
            element(w, "title", "model-registry: model changes");
            element(w, "link", base + "/v1/changes");
            element(w, "description", "Every addition, change and deprecation of an LLM model the registry records.");
            element(w, "lastBuildDate", rfc822.format((changes.isEmpty() ? now : recorded(changes.get(0))).atOffset(ZoneOffset.UTC)));
            w.writeStartElement(ATOM, "link");
            w.writeAttribute("href", self);
            w.writeAttribute("rel", "self");
            w.writeAttribute("type", "application/rss+xml");
            w.writeEndElement();
            for (ModelChange c : changes) {
                w.writeStartElement("item");
                element(w, "title", title(c));
                element(w, "link", historyUrl(base, c));
                w.writeStartElement("guid");
                w.writeAttribute("isPermaLink", "false");
                w.writeCharacters(entryId(c));
                w.writeEndElement();
                element(w, "pubDate", rfc822.format(recorded(c).atOffset(ZoneOffset.UTC)));
                element(w, "category", c.getType().name().toLowerCase(Locale.ROOT));
                element(w, "description", summary(c));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
        });
    }

    private static String entryId(ModelChange c) {
        return "tag:model-registry,2026:" + c.getModelId() + "/v" + c.getVersion();
    }

    private static String title(ModelChange c) {
        String kind = switch (c.getType()) {
            case MODEL_ADDED -> "added";
            case MODEL_CHANGED -> "changed";
            case MODEL_DEPRECATED -> "deprecated";
            default -> c.getType().name().toLowerCase(Locale.ROOT);
        };
        return c.getModelId() + " " + kind + " (version " + c.getVersion() + ")";
    }

    private static String summary(ModelChange c) {
        StringBuilder s = new StringBuilder(title(c)).append(" from ").append(c.getSource()).append('.');
        List<FieldChange> changes = c.getChanges();
        for (int i = 0; i < changes.size() && i < MAX_LISTED_CHANGES; i++) {
            FieldChange f = changes.get(i);
            if (f.getPath().startsWith("provenance.")) {
                continue;
            }
            s.append('\n').append(f.getPath()).append(": ").append(f.getOldValue() == null ? "(none)" : f.getOldValue())
                    .append(" -> ").append(f.getNewValue() == null ? "(none)" : f.getNewValue());
        }
        if (changes.size() > MAX_LISTED_CHANGES) {
            s.append("\n... and ").append(changes.size() - MAX_LISTED_CHANGES).append(" more");
        }
        return s.toString();
    }

    private static Instant recorded(ModelChange c) {
        return c.getRecordedAt();
    }

    private static String historyUrl(String base, ModelChange c) {
        return base + "/v1/models/" + c.getModelId() + "/history";
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            body.write(w);
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("a feed did not serialize", e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, String rel, String href, String type) throws XMLStreamException {
        w.writeStartElement("link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("href", href);
        w.writeAttribute("type", type);
        w.writeEndElement();
    }
}
