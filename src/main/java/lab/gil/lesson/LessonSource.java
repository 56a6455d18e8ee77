package lab.gil.lesson;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A lesson file's Markdown tree with line numbers down to links, for the checks that look past what
 * {@link LessonParser} needs to render a page: links, anchors and the code of every experiment block.
 */
record LessonSource(Lesson lesson, Node document) {
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /** One experiment block's code and the file line of its first code line. */
    record CodeBlock(Path file, int firstLine, String code) {
    }

    static LessonSource parse(Lesson lesson, String text) {
        return new LessonSource(lesson, PARSER.parse(FrontMatter.body(text.replace("\r\n", "\n"))));
    }

    Path file() {
        return lesson.file();
    }

    /**
     * The ids a link may point at with {@code #id}: every heading, named as the page names them
     * (the same generator, fed in the same order), and every experiment card ({@code experiment-ID}).
     */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        IdGenerator ids = IdGenerator.builder().build();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            collectHeadings(node, ids, anchors);
        }
        lesson.experiments().forEach(experiment -> anchors.add("experiment-" + experiment.id()));
        return anchors;
    }

    private static void collectHeadings(Node node, IdGenerator ids, Set<String> anchors) {
        if (node instanceof Heading heading) {
            anchors.add(ids.generateId(LessonParser.plainText(heading)));
            return;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            collectHeadings(child, ids, anchors);
        }
    }

    /** The top-level experiment blocks: the ones the page turns into experiments. */
    List<CodeBlock> experimentBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof FencedCodeBlock block && LessonParser.isExperiment(block)) {
                int fenceLine = block.getSourceSpans().get(0).getLineIndex() + 1;
                blocks.add(new CodeBlock(file(), fenceLine + 1, block.getLiteral()));
            }
        }
        return blocks;
    }
}
