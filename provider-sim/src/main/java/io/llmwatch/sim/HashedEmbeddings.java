package io.llmwatch.sim;

import java.util.Locale;
import java.util.Set;

/**
 * Deterministic text vectors for the simulated {@code /v1/embeddings}: the hashing trick over
 * content words (crudely stemmed) and their character trigrams, L2-normalised. Texts that share
 * words or word stems — paraphrases, mostly — come out closer than unrelated texts; it is no
 * sentence-embedding model, but it needs no weights and answers the same on every machine.
 */
public final class HashedEmbeddings {

    /** Dimensions of every vector. */
    public static final int DIMENSIONS = 256;

    private static final double WORD_WEIGHT = 1.0;
    private static final double TRIGRAM_WEIGHT = 0.35;
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for",
            "is", "are", "was", "were", "be", "it", "its", "this", "that", "with", "as", "at", "by", "has", "have",
            "had", "when", "than", "then", "so", "but", "not", "no", "do", "does", "there", "their", "they");

    private HashedEmbeddings() {
    }

    public static float[] embed(String text) {
        double[] vector = new double[DIMENSIONS];
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (token.isEmpty() || STOP_WORDS.contains(token)) {
                continue;
            }
            String word = stem(token);
            add(vector, "w:" + word, WORD_WEIGHT);
            String padded = "#" + word + "#";
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(vector, "t:" + padded.substring(i, i + 3), TRIGRAM_WEIGHT);
            }
        }
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        float[] unit = new float[DIMENSIONS];
        if (norm > 0) {
            double scale = 1 / Math.sqrt(norm);
            for (int i = 0; i < DIMENSIONS; i++) {
                unit[i] = (float) (vector[i] * scale);
            }
        }
        return unit;
    }

    /** Cosine similarity of two vectors of equal length. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static void add(double[] vector, String feature, double weight) {
        long h = Hashing.hash(feature);
        int index = (int) Math.floorMod(h, (long) DIMENSIONS);
        vector[index] += (h >>> 63) == 0 ? weight : -weight;
    }

    private static String stem(String word) {
        for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
            if (word.length() > suffix.length() + 3 && word.endsWith(suffix)) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }
}
