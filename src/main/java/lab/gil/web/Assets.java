package lab.gil.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** Paths of the WebJar files the pages load; the versions come from the pom, filtered into webjars.properties. */
public final class Assets {
    private Assets() {
    }

    public static Map<String, String> webjars() {
        Properties properties = new Properties();
        try (InputStream in = Assets.class.getResourceAsStream("/webjars.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjars.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream().collect(Collectors.toUnmodifiableMap(k -> k, properties::getProperty));
    }
}
