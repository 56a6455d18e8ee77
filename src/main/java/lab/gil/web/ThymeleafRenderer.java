package lab.gil.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@code web/templates/NAME.html}: from the jar in production, from disk (uncached) in dev mode
 * so template edits show on reload. A template name may end in {@code ::fragment} to render one
 * {@code th:fragment} alone, which is how htmx partials are served.
 */
public final class ThymeleafRenderer implements FileRenderer {
    private final TemplateEngine engine = new TemplateEngine();
    private final Map<String, ?> globals;

    /** @param globals variables every template sees, such as the WebJar paths */
    public ThymeleafRenderer(boolean fromDisk, Map<String, ?> globals) {
        this.globals = Map.copyOf(globals);
        AbstractConfigurableTemplateResolver resolver = fromDisk ? new FileTemplateResolver() : new ClassLoaderTemplateResolver();
        resolver.setPrefix(fromDisk ? Path.of("web/templates").toAbsolutePath() + "/" : "web/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(!fromDisk);
        engine.setTemplateResolver(resolver);
    }

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(Locale.ENGLISH);
        context.setVariables(Map.copyOf(globals));
        context.setVariables(Map.copyOf(model));
        if (ctx != null) {
            context.setVariable("csrf", ctx.attribute("csrf"));
        }
        int split = template.indexOf("::");
        if (split < 0) {
            return engine.process(template, context);
        }
        return engine.process(template.substring(0, split).strip(), Set.of(template.substring(split + 2).strip()), context);
    }
}
