package dev.modelregistry.sync.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.schemas.semantics.CapabilityVocabulary;
import dev.modelregistry.schemas.semantics.DerivationRule;
import dev.modelregistry.sync.merge.Precedence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's precedence, derivation and vocabulary tables are the ones the code applies, word for word. */
class ReadmeTablesTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of(System.getProperty("testdata.dir", "../testdata")).resolveSibling("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void thePrecedenceTableIsTheCodes() throws Exception {
        assertThat(readme()).as("README.md must hold Precedence.markdownTable() unchanged").contains(Precedence.markdownTable());
    }

    @Test
    void theDerivationRulesTableIsTheCodes() throws Exception {
        assertThat(readme()).as("README.md must hold DerivationRule.markdownTable() unchanged").contains(DerivationRule.markdownTable());
    }

    @Test
    void theCapabilityVocabularyIsTheCodes() throws Exception {
        assertThat(readme()).as("README.md must hold CapabilityVocabulary.markdownTable() unchanged")
                .contains(CapabilityVocabulary.markdownTable());
    }
}
