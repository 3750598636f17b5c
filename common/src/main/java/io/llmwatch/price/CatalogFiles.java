package io.llmwatch.price;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * Where price catalogs come from: a file in either format, a stream, or the bundled resource. Every
 * field error names where the catalog came from.
 */
final class CatalogFiles {

    private static final String DEFAULT_RESOURCE = "default-prices.json";

    private CatalogFiles() {
    }

    /** The catalog bundled with llmwatch, read on first use. */
    static PriceCatalog bundled() {
        return Bundled.CATALOG;
    }

    /**
     * A catalog file, llmwatch's own format or LiteLLM's; a LiteLLM file carries no date, so it is
     * dated by its last-modified day (UTC).
     */
    static PriceCatalog load(Path file) {
        String origin = file.toString();
        byte[] bytes;
        LocalDate modified;
        try {
            bytes = Files.readAllBytes(file);
            modified = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
        } catch (IOException e) {
            throw new ValidationException("$", "cannot read price catalog " + origin + ": " + e.getMessage());
        }
        JsonNode root = parse(bytes, origin);
        return inOrigin(origin, () -> LlmwatchFormat.matches(root)
                ? LlmwatchFormat.read(root, origin)
                : PriceCatalog.of(modified, origin + " (LiteLLM)", LiteLlmFormat.read(root)));
    }

    static PriceCatalog fromLiteLlm(InputStream json, LocalDate asOf) {
        String origin = "LiteLLM price file";
        JsonNode root = parse(readAll(json, origin), origin);
        return inOrigin(origin, () -> PriceCatalog.of(asOf, origin, LiteLlmFormat.read(root)));
    }

    static PriceCatalog fromJson(InputStream json, String origin) {
        JsonNode root = parse(readAll(json, origin), origin);
        return inOrigin(origin, () -> LlmwatchFormat.read(root, origin));
    }

    private static JsonNode parse(byte[] bytes, String origin) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new ValidationException("$", origin + " is not valid JSON: "
                    + Prices.firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
    }

    private static byte[] readAll(InputStream in, String origin) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ValidationException("$", "cannot read " + origin + ": " + e.getMessage());
        }
    }

    /** Runs a reader, naming {@code origin} in every field error it raises. */
    private static PriceCatalog inOrigin(String origin, Supplier<PriceCatalog> reader) {
        try {
            return reader.get();
        } catch (ValidationException e) {
            throw new ValidationException(e.errors().stream()
                    .map(error -> new FieldError(error.field(), error.message() + " (in " + origin + ")"))
                    .toList());
        }
    }

    /** Loaded on first use of {@link #bundled()}. */
    private static final class Bundled {
        static final PriceCatalog CATALOG = loadBundled();

        private static PriceCatalog loadBundled() {
            InputStream in = CatalogFiles.class.getResourceAsStream(DEFAULT_RESOURCE);
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + DEFAULT_RESOURCE + " is missing from the llmwatch-common jar"));
            }
            return fromJson(in, "bundled default catalog");
        }
    }
}
