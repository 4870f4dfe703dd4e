package org.latentkit.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.latentkit.api.config.ConfigFile;
import org.latentkit.core.InvalidInputException;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults, so that precedence is: flag, then the {@code --config} file, then the
 * command's own default for a shared flag ({@link CommandDefaults}), then the annotation's default.
 * Unknown config keys are an error: a typo must not be silently ignored.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    private final Path file;
    private final Map<String, String> values;

    ConfigDefaults(Path file) {
        this.file = file;
        this.values = file == null ? Map.of() : ConfigFile.read(file);
    }

    /**
     * Finds the {@code --config FILE} argument before picocli parses, since defaults must be known
     * first.
     */
    static Path scan(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String fromFile = values.get(ConfigFile.normalise(option.longestName()));
        if (fromFile != null) {
            return fromFile;
        }
        if (option.command() != null
                && option.command().userObject() instanceof CommandDefaults c) {
            return c.defaults().get(option.longestName());
        }
        return null;
    }

    /** Fails on any key that is not an option of the command being run. */
    void checkKeys(CommandSpec command) {
        Set<String> valid = new TreeSet<>();
        for (OptionSpec o : command.options()) {
            String name = ConfigFile.normalise(o.longestName());
            if (!o.usageHelp() && !o.versionHelp() && !name.equals("config")) {
                valid.add(name);
            }
        }
        for (String key : values.keySet()) {
            if (!valid.contains(key)) {
                throw new InvalidInputException(
                        "config "
                                + file
                                + ": unknown key '"
                                + key
                                + "' for '"
                                + command.name()
                                + "' (valid: "
                                + String.join(", ", valid)
                                + ")");
            }
        }
    }
}
