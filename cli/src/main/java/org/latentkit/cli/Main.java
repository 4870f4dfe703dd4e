package org.latentkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.latentkit.api.InvalidInputException;
import org.latentkit.trainers.loop.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code latentkit} command.
 *
 * <p>Exit status: 0 on success, 2 on bad input or usage (one line, no stack trace unless {@code
 * --verbose}), 3 when training diverged, 1 on an internal error.
 */
@Command(name = "latentkit", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Reusable DJL blocks, losses and trainers for digit images, run end to end.",
        subcommands = {ClassifyCommand.class, EvalCommand.class, SweepSamplesCommand.class, DiffCommand.class,
            AutoencodeCommand.class, AutoencodeEvalCommand.class, PcaCommand.class,
            SparsityCurveCommand.class, BucketsCommand.class, BucketsSweepCommand.class,
            SemisupCommand.class, TsneCommand.class, ReproduceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Exit status when training diverged. */
    public static final int DIVERGED = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /**
     * Runs the command line in-process and returns its exit status (tests call this).
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line with the given output streams.
     *
     * @param out standard output
     * @param err standard error
     * @param args the arguments
     * @return the exit status
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.stream(args)
                .anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
        Logging.configure(verbose);
        CommandLine cli = new CommandLine(new Main());
        cli.setUsageHelpWidth(110);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("latentkit: " + ex.getMessage());
            if (!(ex.getCommandLine().getCommand() instanceof Main)) {
                err.println("Try 'latentkit " + ex.getCommandLine().getCommandName() + " --help'.");
            }
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            String prefix = code == 1 ? "latentkit: internal error: " : "latentkit: ";
            err.println(prefix + oneLine(ex) + (verbose || code != 1 ? "" : " (run with --verbose for details)"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        try {
            Path config = ConfigDefaults.scan(args);
            if (config != null) {
                cli.setDefaultValueProvider(new ConfigDefaults(config));
            }
        } catch (InvalidInputException e) {
            err.println("latentkit: " + e.getMessage());
            return BAD_INPUT;
        }
        return cli.execute(args);
    }

    /**
     * Entry point.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int exitCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException) {
                return BAD_INPUT;
            }
            if (c instanceof TrainingDivergedException) {
                return DIVERGED;
            }
        }
        return 1;
    }

    /** The message of the most relevant exception in the chain, on one line. */
    static String oneLine(Throwable t) {
        Throwable pick = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException || c instanceof TrainingDivergedException) {
                pick = c;
                break;
            }
        }
        String msg = pick.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = pick.getClass().getSimpleName();
        } else if (pick == t && !(t instanceof InvalidInputException)
                && !(t instanceof TrainingDivergedException)) {
            msg = t.getClass().getSimpleName() + ": " + msg;
        }
        return msg.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Prints the version of latentkit and its DJL. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"latentkit " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (DJL "
                    + ai.djl.engine.Engine.getDjlVersion() + ")"};
        }
    }
}
