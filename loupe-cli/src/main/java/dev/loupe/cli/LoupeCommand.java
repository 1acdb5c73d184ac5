package dev.loupe.cli;

import dev.loupe.core.DataFormatException;
import dev.loupe.core.Loupe;
import dev.loupe.core.ModelFormatException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code loupe} command. With no arguments it prints its help; the work is done by the
 * subcommands {@code predict}, {@code explain}, {@code anchor}, {@code counterfactual} and {@code demo}.
 */
@Command(
    name = "loupe",
    mixinStandardHelpOptions = true,
    versionProvider = LoupeCommand.Version.class,
    description = "Explain the predictions of models (XGBoost, LightGBM) on CSV data: Shapley values, LIME,"
        + " anchors and counterfactuals.",
    subcommands = {DemoCommand.class, PredictCommand.class, ExplainCommand.class, AnchorCommand.class,
        CounterfactualCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start with: loupe demo"})
public final class LoupeCommand implements Runnable {
  @Spec CommandSpec spec;

  @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, print the stack trace too.")
  boolean debug;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err, args).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A configured command line: one-line errors on {@code err}, stack traces only with --debug. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cl = new CommandLine(new LoupeCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      if (debug) {
        ex.printStackTrace(err);
      }
      String sub = ex.getCommandLine().getCommandName();
      String help = sub.equals("loupe") ? "loupe --help" : "loupe " + sub + " --help";
      err.println("loupe: " + oneLine(ex.getMessage()) + "; see '" + help + "'");
      err.flush();
      return CliException.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (debug) {
        ex.printStackTrace(err);
      }
      int code;
      String message;
      if (ex instanceof CliException c) {
        code = c.exitCode();
        message = c.getMessage();
      } else if (ex instanceof DataFormatException || ex instanceof ModelFormatException) {
        code = CliException.DATA;
        message = ex.getMessage();
      } else if (ex instanceof UnsupportedOperationException) {
        code = CliException.DATA;
        message = "this part of Loupe is not available yet (" + ex.getMessage() + ")"
            + (debug ? "" : "; rerun with --debug for the stack trace");
      } else {
        code = CliException.DATA;
        message = "unexpected error: " + ex + (debug ? "" : "; rerun with --debug for the stack trace") + " and report it";
      }
      err.println("loupe: " + oneLine(message));
      err.flush();
      return code;
    });
    return cl;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The version shown by {@code loupe --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"loupe " + Loupe.version()};
    }
  }
}
