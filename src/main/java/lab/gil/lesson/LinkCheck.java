package lab.gil.lesson;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds links between lessons that lead nowhere: {@code /lessons/SLUG}, {@code FILE.md} and {@code #anchor}
 * (alone or after either). Links to other sites and to other pages of the server are left alone.
 */
final class LinkCheck {
    private static final String LESSONS = "/lessons/";

    private final Path dir;
    private final Map<String, Set<String>> anchorsBySlug;

    LinkCheck(Path dir, List<LessonSource> sources) {
        this.dir = dir.toAbsolutePath().normalize();
        this.anchorsBySlug = sources.stream().collect(Collectors.toMap(s -> s.lesson().slug(), LessonSource::anchors));
    }

    List<LessonProblem> check(LessonSource source) {
        List<LessonProblem> problems = new ArrayList<>();
        source.document().accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                int line = link.getSourceSpans().isEmpty() ? 1 : link.getSourceSpans().get(0).getLineIndex() + 1;
                String destination = link.getDestination();
                String why = whyBroken(source.lesson().slug(), destination);
                if (why != null) {
                    problems.add(new LessonProblem(source.file(), line, "link to '" + destination + "' goes nowhere: " + why));
                }
                visitChildren(link);
            }
        });
        return problems;
    }

    /** Null when the link works (or is not ours to judge), else the reason it does not. */
    private String whyBroken(String currentSlug, String destination) {
        if (destination == null || destination.isBlank() || destination.contains(":") || destination.startsWith("//")) {
            return null;
        }
        String withoutQuery = destination.split("\\?", 2)[0];
        int hash = withoutQuery.indexOf('#');
        String path = hash < 0 ? withoutQuery : withoutQuery.substring(0, hash);
        String anchor = hash < 0 ? null : decode(withoutQuery.substring(hash + 1));
        String slug;
        if (path.isEmpty()) {
            slug = currentSlug;
        } else if (path.startsWith(LESSONS)) {
            slug = path.substring(LESSONS.length());
            if (!anchorsBySlug.containsKey(slug)) {
                return "there is no lesson '" + slug + "'" + Suggest.didYouMean(slug, anchorsBySlug.keySet());
            }
        } else if (path.endsWith(".md")) {
            Path target = dir.resolve(decode(path)).normalize();
            // Only lessons of this folder are pages; any other Markdown file is just a file to the site.
            if (!Files.isRegularFile(target)) {
                return "there is no file " + path + " in the lessons folder"
                        + Suggest.didYouMean(path, anchorsBySlug.keySet().stream().map(s -> s + ".md").toList());
            }
            slug = LessonParser.slugOf(target);
            if (!dir.equals(target.getParent()) || !anchorsBySlug.containsKey(slug)) {
                return null;
            }
        } else {
            return null;
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        Set<String> anchors = anchorsBySlug.get(slug);
        if (anchors.contains(anchor)) {
            return null;
        }
        String where = slug.equals(currentSlug) ? "this lesson" : "lesson '" + slug + "'";
        return where + " has no heading or experiment with the anchor '" + anchor + "'" + Suggest.didYouMean(anchor, anchors);
    }

    /** Percent-decodes as a browser would before it looks for the target; a bad escape stays as written. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
