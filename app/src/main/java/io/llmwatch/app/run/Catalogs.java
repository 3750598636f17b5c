package io.llmwatch.app.run;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.price.PriceCatalog;
import java.nio.file.Path;

/** The price catalog a configuration asks for: its {@code prices.catalog} file, else the bundled one. */
public final class Catalogs {

    private Catalogs() {
    }

    public static PriceCatalog of(LlmwatchConfig config) {
        String file = config.prices().catalog();
        return file == null ? PriceCatalog.defaults() : PriceCatalog.load(Path.of(file));
    }
}
