package org.concordia.infra.records;

import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * PDFBox's answer to "which font stands for this non-embedded one": always the records' own font, from the classpath.
 * The renderer asks for the standard fonts (Symbol, ZapfDingbats) while it sets up, though no printed record draws
 * with them; PDFBox's default mapper would then scan the machine's fonts, write a cache file to the home directory,
 * and warn on every render of a machine without such fonts. With this one, printing touches no installed font.
 */
final class ClasspathFontMapper implements FontMapper {

    private final TrueTypeFont font;

    ClasspathFontMapper(byte[] trueType) {
        try {
            this.font = new TTFParser().parse(new RandomAccessReadBuffer(trueType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // not a fallback from a search: the one font there is, by design (PDFBox warns on every fallback)

    @Override
    public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
        return new FontMapping<>(font, false);
    }

    @Override
    public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
        return new FontMapping<>(font, false);
    }

    @Override
    public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo systemInfo) {
        return new CIDFontMapping(null, font, false);
    }
}
