package org.concordia.infra.records;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an XHTML Thymeleaf template ({@code classpath:records/NAME.xhtml}, XML mode, so what reaches the PDF
 * renderer is well-formed by construction) to PDF with openhtmltopdf on PDFBox. Every glyph is drawn in one font
 * that travels on the classpath (Liberation Sans, shipped inside the PDFBox jar), embedded as a subset: the output
 * depends on no font installed on the machine, and the renderer never falls back to a non-embedded standard font.
 */
@Component
class PdfRenderer {

    /** The family every template names; the only one the renderer knows. */
    static final String FONT_FAMILY = "Concordia Sans";
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private static final java.util.regex.Pattern NOT_XML =
            java.util.regex.Pattern.compile("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

    private final SpringTemplateEngine templates = new SpringTemplateEngine();
    private final byte[] font;
    private final RecordFormat format = new RecordFormat();

    PdfRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(PdfRenderer.class.getClassLoader());
        resolver.setPrefix("records/");
        resolver.setSuffix(".xhtml");
        resolver.setTemplateMode(TemplateMode.XML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        templates.setTemplateResolver(resolver);
        try (InputStream in = PdfRenderer.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("the font " + FONT + " is not on the classpath");
            }
            font = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // PDFBox's font mapping is one per JVM: ours never looks at the machine's fonts (see ClasspathFontMapper)
        FontMappers.set(new ClasspathFontMapper(font));
    }

    /**
     * The text with every character XML 1.0 does not allow (control characters, unpaired surrogates — a title or a
     * comment may hold them: JSON does) shown as U+FFFD, so that no recorded text can make the document unreadable.
     */
    static String xmlCharacters(String text) {
        return NOT_XML.matcher(text).replaceAll("\uFFFD");
    }

    /** The template filled with {@code model} (plus {@code format}), as PDF bytes. */
    byte[] render(String template, Map<String, Object> model) {
        Context context = new Context(Locale.ROOT);
        context.setVariables(model);
        context.setVariable("format", format);
        String xhtml = xmlCharacters(templates.process(template, context));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.withProducer("Concordia");
        // one face for every weight and style: no synthetic bold, no fallback to a font that is not embedded
        for (int weight : new int[] {400, 700}) {
            for (BaseRendererBuilder.FontStyle style : BaseRendererBuilder.FontStyle.values()) {
                builder.useFont(() -> new ByteArrayInputStream(font), FONT_FAMILY, weight, style, true,
                                EnumSet.of(BaseRendererBuilder.FSFontUseCase.DOCUMENT,
                                           BaseRendererBuilder.FSFontUseCase.FALLBACK_PRE,
                                           BaseRendererBuilder.FSFontUseCase.FALLBACK_FINAL));
            }
        }
        builder.withHtmlContent(xhtml, null);
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
