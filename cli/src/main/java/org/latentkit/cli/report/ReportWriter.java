package org.latentkit.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.latentkit.api.run.Json;

/**
 * Writes the report: {@code index.html} (plain offline HTML, figures as relative PNGs), {@code
 * report.md} and {@code report.json}, all built in a temporary sibling directory and then moved
 * over the old report, so an interrupted run leaves the previous report intact.
 */
public final class ReportWriter {

    /**
     * One finished row.
     *
     * @param experiment the row
     * @param outcome what it measured
     * @param verdict whether it met the seed's claim
     */
    public record Row(Experiment experiment, Experiment.Outcome outcome, Claim.Verdict verdict) {}

    /**
     * The report's header facts.
     *
     * @param started ISO time the run started
     * @param engine engine name and version
     * @param device device
     * @param budget {@code quick} or {@code full}, with its meaning
     * @param totalSeconds wall time of all rows
     * @param machine processors and load
     * @param dataset what every row trained and tested on, for example {@code fashion-mnist (60000
     *     train / 10000 test)}; the seeds' claims are MNIST numbers whatever it is
     */
    public record Header(
            String started,
            String engine,
            String device,
            String budget,
            double totalSeconds,
            String machine,
            String dataset) {

        /**
         * A header for a report on MNIST.
         *
         * @param started ISO time the run started
         * @param engine engine name and version
         * @param device device
         * @param budget {@code quick} or {@code full}, with its meaning
         * @param totalSeconds wall time of all rows
         * @param machine processors and load
         */
        public Header(
                String started,
                String engine,
                String device,
                String budget,
                double totalSeconds,
                String machine) {
            this(started, engine, device, budget, totalSeconds, machine, "mnist");
        }

        /**
         * Returns the dataset sentence of the header: which data the measured numbers are on and,
         * when it is not MNIST, that the claims are.
         *
         * @return one sentence
         */
        public String datasetSentence() {
            String d = dataset == null || dataset.isBlank() ? "mnist" : dataset;
            return d.equals("mnist") || d.startsWith("mnist ")
                    ? "Dataset: " + d + "."
                    : "Dataset: "
                            + d
                            + " for every row; the seeds' claims quote their MNIST results, so"
                            + " they are context here, not targets.";
        }
    }

    private ReportWriter() {}

    /**
     * Creates the staging directory beside the report, with its {@code figures/}.
     *
     * @param report the final report directory
     * @return the staging directory
     */
    public static Path stage(Path report) {
        try {
            Path parent = report.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + report.getFileName() + ".staging-");
            Files.createDirectories(tmp.resolve("figures"));
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report's staging directory", e);
        }
    }

    /**
     * Writes the report files into the staging directory and moves it over the report.
     *
     * @param staging from {@link #stage}
     * @param report the final directory
     * @param header the header facts
     * @param rows the rows
     */
    public static void publish(Path staging, Path report, Header header, List<Row> rows) {
        try {
            Files.writeString(staging.resolve("report.md"), markdown(header, rows));
            Files.writeString(staging.resolve("index.html"), html(header, rows));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("header", header);
            json.put(
                    "rows",
                    rows.stream()
                            .map(
                                    r -> {
                                        Map<String, Object> m = new LinkedHashMap<>();
                                        m.put("name", r.experiment().name());
                                        m.put("seed", r.experiment().seed());
                                        m.put("title", r.experiment().title());
                                        m.put("claim", r.experiment().claim());
                                        m.put("status", r.outcome().status());
                                        m.put("measured", r.outcome().measured());
                                        m.put("value", r.outcome().value());
                                        m.put("verdict", r.verdict().text());
                                        m.put("settings", r.outcome().settings());
                                        m.put("seconds", r.outcome().seconds());
                                        m.put("figures", r.outcome().figures());
                                        return m;
                                    })
                            .toList());
            Json.write(staging.resolve("report.json"), json);
            Path abs = report.toAbsolutePath();
            Path old = null;
            if (Files.exists(abs)) {
                old = abs.resolveSibling("." + abs.getFileName() + ".old-" + System.nanoTime());
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, abs);
            }
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + report, e);
        }
    }

    /**
     * Deletes a directory tree (a failed run's staging directory).
     *
     * @param dir the directory
     */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    static String time(double seconds) {
        return seconds < 90
                ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    static String measured(Experiment.Outcome o) {
        return switch (o.status()) {
            case "ok" -> o.measured();
            default -> "failed: " + o.measured();
        };
    }

    /**
     * Returns the Markdown report: the header and one table row per experiment, figures below.
     *
     * @param h the header
     * @param rows the rows
     * @return Markdown text
     */
    public static String markdown(Header h, List<Row> rows) {
        StringBuilder s = new StringBuilder("# latentkit reproduce\n\n");
        s.append(
                String.format(
                        Locale.ROOT,
                        "Run %s, %s on %s, %s; %s. %s Budget: %s. Total %s.%n%n",
                        h.started(),
                        h.engine(),
                        h.device(),
                        h.machine(),
                        "numbers measured by this run",
                        h.datasetSentence(),
                        h.budget(),
                        time(h.totalSeconds())));
        s.append(
                "| seed | experiment | seed's claim | latentkit (measured) | claim | settings | time"
                        + " |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Experiment.Outcome o = r.outcome();
            s.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s (`%s`) | %s | **%s** | %s | %s | %s |%n",
                            r.experiment().seed(),
                            cell(r.experiment().title()),
                            r.experiment().name(),
                            cell(r.experiment().claim()),
                            cell(measured(o)),
                            r.verdict().text(),
                            cell(o.settings()),
                            o.status().equals("ok") ? time(o.seconds()) : "–"));
        }
        for (Row r : rows) {
            for (String f : r.outcome().figures()) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                "%n### %s%n%n![%s](figures/%s)%n",
                                r.experiment().name(),
                                f,
                                f));
            }
        }
        return s.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static String esc(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    /**
     * Returns the HTML report: self-contained markup, no scripts, figures as relative images.
     *
     * @param h the header
     * @param rows the rows
     * @return HTML text
     */
    public static String html(Header h, List<Row> rows) {
        StringBuilder s =
                new StringBuilder(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                + "<title>latentkit reproduce</title>\n<style>\n"
                                + "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n"
                                + "table{border-collapse:collapse;width:100%;font-size:14px}\n"
                                + "th,td{border:1px solid #ccc;padding:6px 8px;vertical-align:top;text-align:left}\n"
                                + "th{background:#f2f2f2}td.num{font-weight:bold;white-space:nowrap}\n"
                                + "tr.failed td.num{color:#b00}\n"
                                + "td.verdict-met{color:#070}td.verdict-missed{color:#b00}\n"
                                + ".settings{font-size:12px;color:#555}img{max-width:100%;border:1px solid #ddd}\n"
                                + "figure{margin:1.5em 0}\n</style></head><body>\n<h1>latentkit reproduce</h1>\n");
        s.append(
                String.format(
                        Locale.ROOT,
                        "<p>Run %s &middot; %s on %s &middot; %s &middot; budget: %s "
                                + "&middot; total %s. Every number below was measured by this run."
                                + "</p>%n<p class=\"dataset\">%s</p>%n",
                        esc(h.started()),
                        esc(h.engine()),
                        esc(h.device()),
                        esc(h.machine()),
                        esc(h.budget()),
                        time(h.totalSeconds()),
                        esc(h.datasetSentence())));
        s.append(
                "<table>\n<tr><th>seed</th><th>experiment</th><th>seed's claim</th><th>latentkit (measured)</th>"
                        + "<th>claim</th><th>settings</th><th>time</th></tr>\n");
        for (Row r : rows) {
            Experiment.Outcome o = r.outcome();
            String cls = o.status().equals("ok") ? "" : " class=\"failed\"";
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<tr%s><td>%s</td><td>%s<br><code>%s</code></td><td>%s</td>"
                                    + "<td class=\"num\">%s</td><td class=\"verdict-%s\">%s</td>"
                                    + "<td class=\"settings\">%s</td><td>%s</td></tr>%n",
                            cls,
                            esc(r.experiment().seed()),
                            esc(r.experiment().title()),
                            esc(r.experiment().name()),
                            esc(r.experiment().claim()),
                            esc(measured(o)),
                            r.verdict().name().toLowerCase(Locale.ROOT),
                            esc(r.verdict().text()),
                            esc(o.settings()),
                            o.status().equals("ok") ? time(o.seconds()) : "&ndash;"));
        }
        s.append("</table>\n");
        for (Row r : rows) {
            for (String f : r.outcome().figures()) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                "<figure><img src=\"figures/%s\" alt=\"%s\">"
                                        + "<figcaption>%s: %s</figcaption></figure>%n",
                                esc(f),
                                esc(f),
                                esc(r.experiment().name()),
                                esc(r.experiment().title())));
            }
        }
        s.append("</body></html>\n");
        return s.toString();
    }
}
