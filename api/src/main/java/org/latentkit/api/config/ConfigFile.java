package org.latentkit.api.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.latentkit.core.InvalidInputException;

/**
 * Reads a run configuration file into flat settings, keyed by option name.
 *
 * <p>Both a JSON object ({@code {"epochs": 10, "engine": "MXNet"}}) and a properties file ({@code
 * epochs=10}) are accepted; the file extension decides ({@code .json}, else properties). Keys may
 * be written kebab-case ({@code batch-size}), snake_case or camelCase; they are normalised to
 * kebab-case. Checking the keys against the options of a command is the caller's job.
 */
public final class ConfigFile {

    private ConfigFile() {}

    /**
     * Reads a config file.
     *
     * @param file the file
     * @return normalised key to value text, in file order
     * @throws InvalidInputException if the file is unreadable or malformed
     */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("config " + file + ": not a readable file");
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                JsonElement root = JsonParser.parseReader(reader);
                if (!root.isJsonObject()) {
                    throw new InvalidInputException(
                            "config " + file + ": malformed JSON, expected an object {...}");
                }
                JsonObject obj = root.getAsJsonObject();
                for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
                    JsonElement v = e.getValue();
                    if (v.isJsonNull()) {
                        continue;
                    }
                    if (!v.isJsonPrimitive()) {
                        if (v.isJsonArray()) {
                            StringBuilder sb = new StringBuilder();
                            for (JsonElement item : v.getAsJsonArray()) {
                                if (!item.isJsonPrimitive()) {
                                    throw wrongType(file, e.getKey());
                                }
                                sb.append(sb.length() == 0 ? "" : ",").append(item.getAsString());
                            }
                            out.put(normalise(e.getKey()), sb.toString());
                            continue;
                        }
                        throw wrongType(file, e.getKey());
                    }
                    out.put(normalise(e.getKey()), v.getAsString());
                }
            } else {
                Properties props = new Properties();
                props.load(reader);
                for (String key : props.stringPropertyNames()) {
                    out.put(normalise(key), props.getProperty(key).trim());
                }
            }
        } catch (JsonParseException e) {
            throw new InvalidInputException(
                    "config " + file + ": malformed JSON (" + firstLine(e.getMessage()) + ")", e);
        } catch (InvalidInputException e) {
            throw e; // already names the file and the key
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "config " + file + ": unreadable (" + firstLine(e.getMessage()) + ")", e);
        }
        return out;
    }

    /**
     * Turns {@code batchSize}, {@code batch_size} and {@code --batch-size} into {@code batch-size}.
     *
     * @param key a key as written
     * @return the kebab-case key
     */
    public static String normalise(String key) {
        String k = key.trim().replaceFirst("^-+", "");
        k = k.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-');
        return k.toLowerCase(Locale.ROOT);
    }

    private static InvalidInputException wrongType(Path file, String key) {
        return new InvalidInputException(
                "config " + file + ": key '" + key + "' must be a number, string or boolean");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
