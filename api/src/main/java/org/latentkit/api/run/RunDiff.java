package org.latentkit.api.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.latentkit.core.InvalidInputException;

/**
 * Compares two run directories and keeps only what changed: the settings in {@code config.json} and
 * the results in {@code metrics.json}.
 */
public final class RunDiff {

    /**
     * One key whose value differs.
     *
     * @param file {@code config.json} or {@code metrics.json}
     * @param key the key
     * @param left its value in the first run, or {@code null} if absent
     * @param right its value in the second run, or {@code null} if absent
     */
    public record Change(String file, String key, Object left, Object right) {}

    private RunDiff() {}

    /**
     * Lists the differing keys of two runs, config first, each file's keys sorted.
     *
     * @param left the first run directory
     * @param right the second run directory
     * @return the changes; empty when the runs agree
     */
    public static List<Change> compare(Path left, Path right) {
        List<Change> changes = new ArrayList<>();
        for (String file : List.of(RunDirectory.CONFIG, RunDirectory.METRICS)) {
            Map<String, Object> a = read(left, file);
            Map<String, Object> b = read(right, file);
            TreeSet<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String k : keys) {
                if (!Objects.equals(a.get(k), b.get(k))) {
                    changes.add(new Change(file, k, a.get(k), b.get(k)));
                }
            }
        }
        return changes;
    }

    private static Map<String, Object> read(Path run, String file) {
        Path f = run.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new InvalidInputException(
                    "run " + run + ": not a latentkit run directory (no " + file + ")");
        }
        return Json.readMap(f);
    }
}
