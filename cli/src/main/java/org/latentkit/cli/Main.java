package org.latentkit.cli;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.latentkit.api.config.RunConfig;
import org.latentkit.core.InvalidInputException;
import org.latentkit.trainers.loop.StopSignal;
import org.latentkit.trainers.loop.TrainingDivergedException;
import org.latentkit.trainers.loop.TrainingInterruptedException;
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
@Command(
        name = "latentkit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Reusable DJL blocks, losses and trainers for digit images, run end to end.",
        subcommands = {
            ClassifyCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            EncodeCommand.class,
            SweepSamplesCommand.class,
            DiffCommand.class,
            AutoencodeCommand.class,
            AutoencodeEvalCommand.class,
            PcaCommand.class,
            SparsityCurveCommand.class,
            BucketsCommand.class,
            BucketsSweepCommand.class,
            VaeCommand.class,
            MoeCommand.class,
            GenerateCommand.class,
            SemisupCommand.class,
            ClusterBaselinesCommand.class,
            TsneCommand.class,
            ReproduceCommand.class,
            BenchCommand.class,
            ExportImagesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;

    /** Exit status when training diverged. */
    public static final int DIVERGED = 3;

    /** Exit status after Ctrl-C: 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;

    @Spec CommandSpec spec;

    /** {@inheritDoc} */
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
        boolean verbose =
                Arrays.stream(args).anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
        Logging.configure(verbose);
        CommandLine cli = new CommandLine(new Main());
        cli.setUsageHelpWidth(110);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setParameterExceptionHandler(
                (ex, a) -> {
                    err.println("latentkit: " + ex.getMessage());
                    if (!(ex.getCommandLine().getCommand() instanceof Main)) {
                        err.println(
                                "Try 'latentkit "
                                        + ex.getCommandLine().getCommandName()
                                        + " --help'.");
                    }
                    return BAD_INPUT;
                });
        cli.setExecutionExceptionHandler(
                (thrown, commandLine, parseResult) -> {
                    InvalidInputException gap = unsupportedOp(thrown, engineOf(commandLine));
                    Exception ex = gap == null ? thrown : gap;
                    int code = exitCode(ex);
                    String prefix = code == 1 ? "latentkit: internal error: " : "latentkit: ";
                    err.println(
                            prefix
                                    + oneLine(ex)
                                    + (verbose || code != 1
                                            ? ""
                                            : " (run with --verbose for details)")
                                    + resumeHint(ex, commandLine.getCommandName(), args));
                    if (verbose) {
                        ex.printStackTrace(err);
                    }
                    err.flush();
                    return code;
                });
        try {
            // Always installed: besides the config file it supplies each command's own defaults for
            // the
            // shared training flags (TrainOptions).
            cli.setDefaultValueProvider(new ConfigDefaults(ConfigDefaults.scan(args)));
        } catch (InvalidInputException e) {
            err.println("latentkit: " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            return cli.execute(args);
        } finally {
            err.flush();
            StopSignal.handled();
        }
    }

    /**
     * Entry point.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // Ctrl-C (or SIGTERM): let a training loop finish its checkpoint and the command print how
        // to resume, then the JVM exits with 128 + the signal number (130 for SIGINT).
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    StopSignal.request();
                                    StopSignal.awaitHandled(120);
                                },
                                "latentkit-stop"));
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
            if (c instanceof TrainingInterruptedException) {
                return INTERRUPTED;
            }
        }
        return 1;
    }

    /**
     * Turns an operation that the engine does not implement into bad input: DJL throws {@link
     * UnsupportedOperationException} ("Not implemented yet.") from the engine's NDArray for such an
     * op, which is a limit of the chosen engine, not a bug of the command.
     *
     * @param t what the command threw
     * @param engine the engine the command ran on, or {@code null} if unknown
     * @return a one-line error naming the op and the engine, or {@code null} when {@code t} has no
     *     such cause (an UnsupportedOperationException from outside DJL stays an internal error)
     */
    static InvalidInputException unsupportedOp(Throwable t, String engine) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException) {
                return null;
            }
            StackTraceElement[] st = c.getStackTrace();
            if (c instanceof UnsupportedOperationException
                    && st.length > 0
                    && st[0].getClassName().startsWith("ai.djl.")) {
                String cls = st[0].getClassName();
                String op = cls.substring(cls.lastIndexOf('.') + 1) + "." + st[0].getMethodName();
                return new InvalidInputException(
                        "engine "
                                + (engine == null ? "in use" : engine)
                                + " does not implement the operation "
                                + op
                                + " that this command needs"
                                + (c.getMessage() == null
                                        ? ""
                                        : " (DJL: " + c.getMessage().strip() + ")")
                                + "; try another --engine",
                        c);
            }
        }
        return null;
    }

    /** The value of a command's {@code --engine} (the default if not given), or {@code null}. */
    static String engineOf(CommandLine commandLine) {
        CommandLine.Model.OptionSpec o =
                commandLine == null ? null : commandLine.getCommandSpec().findOption("--engine");
        if (o == null) {
            return null;
        }
        Object v = o.getValue();
        return RunConfig.resolveEngine(v == null ? null : v.toString());
    }

    /** For an interrupted run: how to continue it, as a shell command. */
    static String resumeHint(Throwable t, String command, String[] args) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TrainingInterruptedException i && i.checkpoint() != null) {
                Path runDir = i.checkpoint().getParent().getParent();
                StringBuilder cmd = new StringBuilder("; resume with: latentkit");
                for (int k = 0; k < args.length; k++) {
                    String a = args[k];
                    if (a.equals("--out") || a.equals("--resume")) {
                        k++;
                    } else if (!a.startsWith("--out=")
                            && !a.startsWith("--resume=")
                            && !a.equals("--overwrite")) {
                        cmd.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
                    }
                }
                return cmd.append(" --resume ").append(runDir).toString();
            }
        }
        return "";
    }

    /** The message of the most relevant exception in the chain, on one line. */
    static String oneLine(Throwable t) {
        Throwable pick = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException
                    || c instanceof TrainingDivergedException
                    || c instanceof TrainingInterruptedException) {
                pick = c;
                break;
            }
        }
        String msg = pick.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = pick.getClass().getSimpleName();
        } else if (pick == t
                && !(t instanceof InvalidInputException)
                && !(t instanceof TrainingDivergedException)
                && !(t instanceof TrainingInterruptedException)) {
            msg = t.getClass().getSimpleName() + ": " + msg;
        }
        return msg.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Prints the version of latentkit and its DJL. */
    static final class Version implements CommandLine.IVersionProvider {
        /** {@inheritDoc} */
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "latentkit "
                        + (v == null ? "0.1.0-SNAPSHOT" : v)
                        + " (DJL "
                        + Engine.getDjlVersion()
                        + ")"
            };
        }
    }
}
