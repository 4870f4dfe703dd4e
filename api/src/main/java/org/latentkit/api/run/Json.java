package org.latentkit.api.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentkit.core.InvalidInputException;

/** The one JSON style of latentkit's files: pretty, nulls kept, NaN allowed. */
public final class Json {

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .serializeSpecialFloatingPointValues()
                    .disableHtmlEscaping()
                    .create();

    private Json() {}

    /**
     * Serialises a value.
     *
     * @param value a map, list, record or primitive
     * @return pretty JSON ending in a newline
     */
    public static String toJson(Object value) {
        return GSON.toJson(value) + "\n";
    }

    /**
     * Writes a value as JSON, atomically.
     *
     * @param file the target
     * @param value the value
     */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, toJson(value));
    }

    /**
     * Reads a JSON object as an ordered map.
     *
     * @param file the file
     * @return its top-level entries
     */
    public static Map<String, Object> readMap(Path file) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = read(file, LinkedHashMap.class);
        return map;
    }

    /**
     * Parses a JSON object text as an ordered map.
     *
     * @param json the text
     * @return its top-level entries
     */
    public static Map<String, Object> readMapFromString(String json) {
        return GSON.fromJson(json, new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
    }

    /**
     * Reads a JSON file into a type.
     *
     * @param file the file
     * @param type the class, a record for example
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(Path file, Class<T> type) {
        try {
            T value = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new InvalidInputException(file + ": empty JSON file");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": unreadable (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new InvalidInputException(file + ": malformed JSON", e);
        }
    }
}
