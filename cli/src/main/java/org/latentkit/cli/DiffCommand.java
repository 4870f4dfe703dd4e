package org.latentkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.latentkit.api.run.RunDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latentkit diff}: what differs between two runs, settings first, then results. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description =
                "Show only what differs between two run directories (config.json, then metrics.json).")
final class DiffCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The first run directory.")
    Path left;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The second run directory.")
    Path right;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces.")
    boolean verbose;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        List<RunDiff.Change> changes = RunDiff.compare(left, right);
        var out = spec.commandLine().getOut();
        if (changes.isEmpty()) {
            out.println("the runs agree on every setting and result");
        }
        String file = "";
        for (RunDiff.Change c : changes) {
            if (!c.file().equals(file)) {
                file = c.file();
                out.println(file + ":");
            }
            out.printf("  %-24s %s -> %s%n", c.key(), c.left(), c.right());
        }
        return 0;
    }
}
