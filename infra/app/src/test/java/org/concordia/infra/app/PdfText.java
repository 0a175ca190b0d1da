package org.concordia.infra.app;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a PDF the application printed, as a person would: its text (PDFBox's text stripper), pages and fonts. */
public final class PdfText {

    private PdfText() {
    }

    /** The PDF and its first page as an image, in target/printed-records/, to look at (as the browser tests' screenshots). */
    public static void keep(String name, byte[] pdf) throws IOException {
        Path folder = Path.of("target", "printed-records");
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Files.write(folder.resolve(name + ".pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 90),
                                        "png", folder.resolve(name + ".png").toFile());
        }
    }

    /** The document's text, whitespace folded to single spaces (table cells wrap their lines). */
    public static String text(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return words(new PDFTextStripper().getText(document));
        }
    }

    public static String dense(String text) {
        return text.replaceAll("\\s+", "");
    }

    public static String words(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    public static int pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    /** No text depends on a font of the machine that reads it: every font on every page travels in the file. */
    public static void assertEveryFontIsEmbedded(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            int fonts = 0;
            for (PDPage page : document.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName() + " is embedded").isTrue();
                    assertThat(font.getName()).contains("LiberationSans");
                    fonts++;
                }
            }
            assertThat(fonts).isPositive();
        }
    }
}
