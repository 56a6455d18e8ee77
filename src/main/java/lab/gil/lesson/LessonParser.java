package lab.gil.lesson;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one lesson file into a {@link Lesson}: front matter, rendered prose, experiments and problems. */
public final class LessonParser {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> CALLOUTS = Set.of("takeaway", "note", "warning");
    private static final Pattern LESSON_FILE_LINK = Pattern.compile("(?:\\./)?([a-z0-9][a-z0-9-]*)\\.md(#[\\w-]*)?");

    private final Parser parser = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    public Lesson parse(Path file, byte[] bytes) {
        String slug = slugOf(file);
        List<LessonProblem> problems = new ArrayList<>();
        if (!SLUG.matcher(slug).matches()) {
            problems.add(new LessonProblem(file, 1, "file name '" + file.getFileName()
                    + "' must be lowercase letters, digits and '-' followed by .md (it becomes the page address)"));
        }
        Optional<String> text = decode(file, bytes, problems);
        if (text.isEmpty()) {
            return new Lesson(slug, file, slug, Integer.MAX_VALUE, "", List.of(), List.of(), List.of(), problems);
        }
        String source = text.get().replace("\r\n", "\n");
        FrontMatter front = FrontMatter.read(file, source, problems);
        Node document = parser.parse(FrontMatter.body(source));
        Body body = body(file, document, problems);
        return new Lesson(slug, file, front.title(), front.order(), front.summary(),
                body.parts(), body.toc(), body.experiments(), List.copyOf(problems));
    }

    public static String slugOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    }

    private static Optional<String> decode(Path file, byte[] bytes, List<LessonProblem> problems) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            problems.add(new LessonProblem(file, firstBadLine(bytes), "the file is not valid UTF-8; save it as UTF-8"));
            return Optional.empty();
        }
    }

    /** The line of the first byte sequence that is not UTF-8, found by decoding line by line. */
    private static int firstBadLine(byte[] bytes) {
        int line = 1, start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 1;
    }

    private record Body(List<Lesson.Part> parts, List<Lesson.TocEntry> toc, List<ExperimentSpec> experiments) {
    }

    /** Walks the top-level blocks: prose is rendered in runs, experiment blocks become experiments. */
    private Body body(Path file, Node document, List<LessonProblem> problems) {
        List<Lesson.TocEntry> toc = new ArrayList<>();
        IdGenerator ids = IdGenerator.builder().build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true)
                .attributeProviderFactory(context -> new LessonAttributes(ids, toc)).build();
        ExperimentParser experimentParser = new ExperimentParser(file, problems);
        List<Lesson.Part> parts = new ArrayList<>();
        List<ExperimentSpec> experiments = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        StringBuilder prose = new StringBuilder();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof FencedCodeBlock block && isExperiment(block)) {
                int fenceLine = block.getSourceSpans().get(0).getLineIndex() + 1;
                Optional<ExperimentSpec> spec = experimentParser.parse(stripTrailingNewline(block.getLiteral()), fenceLine + 1, fenceLine);
                if (spec.isPresent() && !seenIds.add(spec.get().id())) {
                    problems.add(new LessonProblem(file, fenceLine, "experiment id '" + spec.get().id() + "' is used twice in this lesson"));
                } else if (spec.isPresent()) {
                    flush(prose, parts);
                    parts.add(new Lesson.Experiment(spec.get()));
                    experiments.add(spec.get());
                }
            } else if (node instanceof FencedCodeBlock block && "results".equals(block.getInfo() == null ? "" : block.getInfo().strip())) {
                flush(prose, parts);
                parts.add(new Lesson.Results());
            } else if (node instanceof FencedCodeBlock block && "interpreters".equals(block.getInfo() == null ? "" : block.getInfo().strip())) {
                flush(prose, parts);
                parts.add(new Lesson.InterpreterList());
            } else {
                prose.append(renderer.render(node));
            }
        }
        flush(prose, parts);
        return new Body(List.copyOf(parts), List.copyOf(toc), List.copyOf(experiments));
    }

    static boolean isExperiment(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        return List.of(info.split("\\s+")).contains("experiment");
    }

    private static String stripTrailingNewline(String literal) {
        return literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    }

    private static void flush(StringBuilder prose, List<Lesson.Part> parts) {
        if (!prose.isEmpty()) {
            parts.add(new Lesson.Prose(prose.toString()));
            prose.setLength(0);
        }
    }

    /** Gives headings stable anchors (and fills the table of contents) and marks callout block quotes. */
    private record LessonAttributes(IdGenerator ids, List<Lesson.TocEntry> toc) implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Heading heading) {
                String text = plainText(heading);
                String id = ids.generateId(text);
                attributes.put("id", id);
                if (heading.getLevel() == 2 || heading.getLevel() == 3) {
                    toc.add(new Lesson.TocEntry(heading.getLevel(), id, text));
                }
            } else if (node instanceof Link link && LESSON_FILE_LINK.matcher(link.getDestination()).matches()) {
                // Authors may link to another lesson by its file, as Markdown viewers expect; the site serves it by slug.
                Matcher m = LESSON_FILE_LINK.matcher(link.getDestination());
                if (m.matches()) {
                    attributes.put("href", "/lessons/" + m.group(1) + (m.group(2) == null ? "" : m.group(2)));
                }
            } else if (node instanceof BlockQuote quote) {
                calloutKind(quote).ifPresent(kind -> attributes.put("class", "callout callout-" + kind));
            }
        }

        private static Optional<String> calloutKind(BlockQuote quote) {
            if (quote.getFirstChild() instanceof Paragraph paragraph
                    && paragraph.getFirstChild() instanceof StrongEmphasis strong) {
                String word = plainText(strong).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                return CALLOUTS.contains(word) ? Optional.of(word) : Optional.empty();
            }
            return Optional.empty();
        }
    }

    static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }
}
