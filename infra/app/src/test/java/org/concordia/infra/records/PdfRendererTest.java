package org.concordia.infra.records;

import org.concordia.infra.app.PdfText;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The renderer as a plain object: whatever a member recorded prints as text, in the embedded font only. */
class PdfRendererTest {

    private final PdfRenderer renderer = new PdfRenderer();

    @Test
    void markupInRecordedTextIsPrintedAsTextNotInterpreted() throws Exception {
        String text = "<b>bold?</b> & \"quoted\" 'apostrophe' <!-- not a comment --> ]]> 8 °C — café";
        byte[] pdf = renderer.render("test-text", Map.of("text", text));
        assertThat(PdfText.text(pdf)).contains("Recorded text " + text + " " + text).contains("Page 1 of 1.");
        PdfText.assertEveryFontIsEmbedded(pdf);
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesInRecordedTextDoNotBreakTheDocument() throws Exception {
        String text = "bell\u0007 nul\u0000 escape\u001B lone\uD800 surrogate";
        byte[] pdf = renderer.render("test-text", Map.of("text", text));
        assertThat(PdfText.text(pdf)).contains("bell").contains("nul").contains("escape").contains("surrogate");
    }

    @Test
    void onlyCharactersXmlAllowsReachTheRenderer() {
        assertThat(PdfRenderer.xmlCharacters("a\u0000b\u0007c\td\ne\uD800f\uD83D\uDE00g\uFFFEh"))
                .isEqualTo("a\uFFFDb\uFFFDc\td\ne\uFFFDf\uD83D\uDE00g\uFFFDh");
    }
}
