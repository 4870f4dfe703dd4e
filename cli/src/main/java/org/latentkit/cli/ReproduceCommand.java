package org.latentkit.cli;

import ai.djl.engine.EngineException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentkit.api.config.RunConfig;
import org.latentkit.api.data.DataLocator;
import org.latentkit.cli.report.Experiment;
import org.latentkit.cli.report.Experiments;
import org.latentkit.cli.report.ReportWriter;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.EngineContext;
import org.latentkit.trainers.loop.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code latentkit reproduce}: every seed's headline experiment, measured, in one offline report.
 */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Run each seed's headline experiment through the library and write "
                        + "report/index.html and report/report.md (claim, measured number, settings, time, "
                        + "engine, figures). --out names the report directory (default: report).")
final class ReproduceCommand extends RunCommand {

    @Option(
            names = "--quick",
            description =
                    "Fewer epochs and batches (stated on every row); about 20 minutes on 2 cores.")
    boolean quick;

    @Option(
            names = "--only",
            paramLabel = "NAME,...",
            description =
                    "Run only these experiments (for example 004-vanilla,003-semisup); --list names them.")
    String only;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    /** {@inheritDoc} */
    @Override
    int execute() {
        if (list) {
            for (Experiment e : Experiments.all()) {
                spec.commandLine()
                        .getOut()
                        .printf(Locale.ROOT, "%-18s seed %s  %s%n", e.name(), e.seed(), e.title());
            }
            return 0;
        }
        List<Experiment> selected = Experiments.select(only);
        if (common.out == null) {
            common.out = Path.of("report");
        }
        RunConfig config = runConfig(1, 1);
        DataLocator.TrainTest data = loadData();
        EngineContext context = EngineContext.of(config.engine(), config.device());
        Experiment.Budget budget = new Experiment.Budget(quick, common.maxBatches);
        Path report = config.outDir();
        Path staging = ReportWriter.stage(report);
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Experiment.Env env =
                new Experiment.Env(context, data, budget, staging.resolve("figures"), err());
        List<ReportWriter.Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (Experiment e : selected) {
                Experiment.Outcome o = run(e, env);
                rows.add(new ReportWriter.Row(e, o, e.target().judge(o, env.budget().quick())));
            }
            double total = (System.nanoTime() - start) / 1e9;
            String budgetText =
                    quick
                            ? "QUICK (fewer epochs and batches, stated per row)"
                            : "full (the seeds' budgets)";
            if (common.maxBatches > 0) {
                budgetText += ", at most " + common.maxBatches + " batches per epoch";
            }
            ReportWriter.publish(
                    staging,
                    report,
                    new ReportWriter.Header(
                            started,
                            context.engineName() + " " + context.engine().getVersion(),
                            context.deviceName(),
                            budgetText,
                            total,
                            machine(),
                            datasetText(data)),
                    rows);
        } catch (RuntimeException | Error e) {
            ReportWriter.deleteTree(staging);
            throw e;
        }
        double total = (System.nanoTime() - start) / 1e9;
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%d experiments in %.1f min -> %s%n",
                        rows.size(),
                        total / 60,
                        report.resolve("index.html"));
        return 0;
    }

    private Experiment.Outcome run(Experiment e, Experiment.Env env) {
        err().printf(Locale.ROOT, "== %s: %s%n", e.name(), e.title());
        long t0 = System.nanoTime();
        try {
            Experiment.Outcome o = e.runner().run(env).withSeconds((System.nanoTime() - t0) / 1e9);
            err().printf(Locale.ROOT, "== %s: %s (%.0f s)%n", e.name(), o.measured(), o.seconds());
            return o;
        } catch (InvalidInputException | EngineException | TrainingDivergedException ex) {
            err().printf(Locale.ROOT, "== %s failed: %s%n", e.name(), Main.oneLine(ex));
            return Experiment.Outcome.failed(Main.oneLine(ex), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The header's dataset: its name and the sizes of its train and test sets. */
    static String datasetText(DataLocator.TrainTest data) {
        return String.format(
                Locale.ROOT,
                "%s (%d train / %d test images)",
                data.dataset().id(),
                data.train().size(),
                data.test().size());
    }

    private static String machine() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(
                Locale.ROOT,
                "%d processors, load average %.1f at the end",
                Runtime.getRuntime().availableProcessors(),
                load);
    }
}
