package dev.loupe.cli;

import dev.loupe.core.Attribution;
import dev.loupe.core.Attributions;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Interactions;
import dev.loupe.core.Link;
import dev.loupe.core.Scale;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.core.Model;
import dev.loupe.core.Seed;
import dev.loupe.explainers.lime.Lime;
import dev.loupe.explainers.lime.LimeOptions;
import dev.loupe.explainers.shapley.Background;
import dev.loupe.explainers.shapley.ExactShapley;
import dev.loupe.explainers.shapley.KernelShap;
import dev.loupe.explainers.shapley.PermutationShap;
import dev.loupe.explainers.tree.TreeShap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs TreeSHAP for the CLI and renders the readable per-row table. */
final class Explanations {
  private Explanations() {}

  /**
   * The attributions of the selected rows, their interactions when asked for, and for LIME the
   * surrogate whose bins name the reasons.
   *
   * @param background how the background was chosen, for the table's header, or {@code null}
   */
  record Result(Attributions attributions, Interactions interactions, Lime lime, String background) {
    Result(Attributions attributions, Interactions interactions) {
      this(attributions, interactions, null, null);
    }
  }

  /**
   * The sampling options of the model-agnostic methods.
   *
   * @param samples coalitions (kernel, permutation) or perturbed samples (lime) per row, or
   *     {@code null} for the method's default
   * @param seed the random seed
   * @param backgroundSize the most background rows to use (a seeded sample if there are more)
   * @param kmeans the number of weighted k-means centres to summarise the background by, or
   *     {@code null} to sample
   */
  record Sampling(Integer samples, long seed, int backgroundSize, Integer kmeans) {}

  /** Above this many model rows in all, {@code --method exact} says beforehand what it will cost. */
  static final double EXACT_NOTICE_ROWS = 5e7;

  /**
   * Explains {@code rows} with a model-agnostic method: exact Shapley values, KernelSHAP or
   * permutation SHAP against a background (at most {@code backgroundSize} rows, sampled with the
   * seed from {@code background}, or from {@code data} when there is none), or LIME with
   * {@code background} (else {@code data}) as its training data.
   */
  static Result explainAgnostic(String method, Model model, Inputs.Data data, int[] rows, Inputs.Data background,
      Sampling sampling, Integer threads, PrintWriter notes) {
    Inputs.Data source = background == null ? data : background;
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    try (ProgressBar bar = ProgressBar.onTerminal("explaining")) {
      Attributions a;
      Lime lime = null;
      String described;
      if (method.equals(ExplainCommand.LIME)) {
        LimeOptions.Builder options = LimeOptions.builder().seed(sampling.seed()).threads(t);
        if (sampling.samples() != null) {
          options.samples(sampling.samples());
        }
        if (source.frame().rows() < 2) {
          throw CliException.data(source.source() + " has " + source.frame().rows() + " row: lime draws its"
              + " perturbations and bins from the training data, and one row gives no variation to fit a surrogate"
              + " to; give it more rows (typically the training data), or use --method kernel");
        }
        lime = Lime.of(model, source.frame(), options.build());
        a = lime.explain(data.frame(), rows, bar);
        described = "training data: " + source.frame().rows() + " rows of " + source.source();
      } else {
        Frame frame = source.frame();
        Background bg;
        if (sampling.kmeans() != null) {
          bg = Background.kmeans(frame, sampling.kmeans(), new Seed(sampling.seed()));
          described = "background: " + bg.size() + " weighted k-means centres of the " + frame.rows() + " rows of "
              + source.source() + " (seed " + sampling.seed() + ")";
        } else if (frame.rows() > sampling.backgroundSize()) {
          bg = Background.sample(frame, sampling.backgroundSize(), new Seed(sampling.seed()));
          described = "background: " + bg.size() + " rows sampled from the " + frame.rows() + " of " + source.source()
              + " (seed " + sampling.seed() + ")";
        } else {
          bg = Background.of(frame);
          described = "background: " + (bg.size() == 1 ? "the 1 row" : "all " + bg.size() + " rows") + " of "
              + source.source();
        }
        int players = model.schema().size();
        if (method.equals(ExplainCommand.EXACT) && players <= ExactShapley.MAX_PLAYERS) {
          double perRow = Math.pow(2, players) * bg.size();
          if (perRow * rows.length > EXACT_NOTICE_ROWS) {
            notes.println(String.format(Locale.ROOT, "loupe: note: exact evaluates 2^%d coalitions x %d background rows"
                + " = %,.0f model rows per explained row (%,.0f in all), which can take minutes; --background-size or"
                + " --background-kmeans make it faster, --method kernel estimates the values with standard errors",
                players, bg.size(), perRow, perRow * rows.length));
            notes.flush();
          }
        }
        a = switch (method) {
          case ExplainCommand.EXACT -> ExactShapley.of(model, bg).threads(t).progress(bar).explain(data.frame(), rows);
          case ExplainCommand.KERNEL -> {
            KernelShap k = KernelShap.of(model, bg).seed(sampling.seed()).threads(t).progress(bar);
            yield (sampling.samples() == null ? k : k.budget(sampling.samples())).explain(data.frame(), rows);
          }
          case ExplainCommand.PERMUTATION -> {
            PermutationShap p = PermutationShap.of(model, bg).seed(sampling.seed()).threads(t).progress(bar);
            yield (sampling.samples() == null ? p : p.coalitions(sampling.samples())).explain(data.frame(), rows);
          }
          default -> throw new IllegalStateException(method);
        };
      }
      bar.finish();
      return new Result(a, null, lime, described);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      // the data or background not fitting the model is a data problem; a bad option is a usage one
      throw m != null && (m.startsWith("background:") || m.startsWith("data:"))
          ? CliException.data((m.startsWith("background:") ? source.source() : data.source()) + ": "
              + m.substring(m.indexOf(':') + 2))
          : CliException.usage(m);
    }
  }

  /**
   * Explains {@code rows} of the data; the results' row ids are the data's row numbers.
   *
   * @param background the background data for the interventional method, else {@code null}
   * @param threads worker threads, or {@code null} for TreeShap's default
   */
  static Result explain(TreeEnsemble model, Inputs.Data data, int[] rows, Inputs.Data background,
      Integer threads, boolean interactions) {
    TreeShap shap = background == null ? TreeShap.pathDependent(model)
        : TreeShap.interventional(model, background.frame());
    if (threads != null) {
      shap = shap.threads(threads);
    }
    try (ProgressBar bar = ProgressBar.onTerminal("explaining")) {
      Attributions a = shap.progress(bar).explain(data.frame(), rows);
      bar.finish();
      Interactions in = null;
      if (interactions) {
        try (ProgressBar ibar = ProgressBar.onTerminal("interactions")) {
          in = shap.progress(ibar).interactions(data.frame(), rows);
          ibar.finish();
        }
      }
      return new Result(a, in);
    }
  }

  /**
   * Prints, for each explained row and output, the prediction (margin and response), the base
   * value and the {@code top} contributions in words, e.g.
   * {@code checking_status = <0   raised the score by 0.840}.
   *
   * @param data the data the rows came from: its column descriptions give readable values
   */
  static void printTable(PrintWriter out, Result result, Model model, Inputs.Data data, int top) {
    Attributions a = result.attributions();
    int k = a.outputs().size();
    int m = a.schema().size();
    // Readable values: the data column's description (with level names) for each model feature.
    Map<String, Feature> columns = new HashMap<>();
    for (int j = 0; j < model.schema().size(); j++) {
      columns.put(model.schema().name(j), data.column(j));
    }
    double[] response = new double[k];
    Link link = model instanceof TreeEnsemble t ? t.link() : Link.IDENTITY;
    boolean sampled = a.diagnostics().hasStandardErrors();
    boolean intervals = false; // a kernel budget >= 2^M enumerates every coalition: SE 0, exact
    double[] errors = sampled ? a.diagnostics().standardErrors() : new double[0];
    for (double e : errors) {
      intervals |= e > 0;
    }
    if (result.background() != null) {
      out.println(a.provenance().method() + ": " + result.background()
          + (a.diagnostics().modelCalls() > 0 ? "; " + String.format(Locale.ROOT, "%,d", a.diagnostics().rowsPredicted())
              + " model evaluations in " + String.format(Locale.ROOT, "%,d", a.diagnostics().modelCalls())
              + (a.diagnostics().modelCalls() == 1 ? " call" : " calls") : "")
          + (intervals ? "; ± is the 95% interval of a sampled value"
              : sampled ? "; every coalition evaluated, so the values are exact" : ""));
      out.println();
    }
    String responseName = link == Link.IDENTITY ? null : link.responseScale() == Scale.PROBABILITY ? "probability" : "value";
    for (int i = 0; i < a.size(); i++) {
      for (int o = 0; o < k; o++) {
        response[o] = a.prediction(i, o);
      }
      link.apply(response, 0, k);
      for (int o = 0; o < k; o++) {
        Attribution at = a.get(i, o);
        StringBuilder head = new StringBuilder("row ").append(at.row());
        head.append(", output ").append(at.output());
        head.append(": ").append(a.scale() == Scale.RAW_MARGIN ? "margin " : "prediction ").append(num(at.prediction()));
        if (responseName != null) {
          head.append(" (").append(responseName).append(' ').append(num(response[o])).append(')');
        }
        if (result.lime() != null) {
          head.append(", surrogate intercept ").append(num(at.baseValue()));
          head.append(", surrogate weighted R² ").append(num(a.fit(i, o)));
        } else {
          head.append(", base value ").append(num(at.baseValue()));
        }
        out.println(head);
        List<Attribution.Contribution> contributions = at.top(top);
        List<String> lefts = new ArrayList<>();
        int width = 0;
        for (Attribution.Contribution c : contributions) {
          Feature f = columns.getOrDefault(c.feature(), null);
          String value = f == null ? c.formattedValue() : f.format(c.featureValue());
          String left = c.feature() + " = " + value;
          if (result.lime() != null) {
            // LIME weighs the row's bin of each feature, e.g. "28.00 < age <= 37.00"
            left = result.lime().predicate(a.schema().indexOf(c.feature()), c.featureValue()).text();
          }
          lefts.add(left);
          width = Math.max(width, left.length());
        }
        double rest = 0;
        for (int j = 0; j < m; j++) {
          rest += at.value(j);
        }
        for (int r = 0; r < contributions.size(); r++) {
          Attribution.Contribution c = contributions.get(r);
          rest -= c.value();
          String verb = c.value() > 0 ? "raised" : c.value() < 0 ? "lowered" : "did not change";
          String by = c.value() == 0 ? "" : " by " + num(Math.abs(c.value()));
          if (intervals) {
            by += " ± " + num(1.96 * a.standardError(i, o, a.schema().indexOf(c.feature())));
          }
          out.println("  " + pad(lefts.get(r), width) + "  " + verb + " the score" + by);
        }
        int others = m - contributions.size();
        if (others > 0) {
          out.println("  (" + others + " other feature" + (others == 1 ? "" : "s") + ": "
              + (rest >= 0 ? "+" : "-") + num(Math.abs(rest)) + " together)");
        }
        if (result.interactions() != null) {
          printPairs(out, result.interactions(), i, o, top);
        }
        out.println();
      }
    }
    out.flush();
  }

  private static void printPairs(PrintWriter out, Interactions in, int i, int o, int top) {
    int m = in.schema().size();
    List<double[]> pairs = new ArrayList<>();
    for (int x = 0; x < m; x++) {
      for (int y = x + 1; y < m; y++) {
        pairs.add(new double[] {x, y, in.value(i, o, x, y) + in.value(i, o, y, x)});
      }
    }
    pairs.sort((p, q) -> Double.compare(Math.abs(q[2]), Math.abs(p[2])));
    out.println("  strongest interactions:");
    for (int r = 0; r < Math.min(top, pairs.size()); r++) {
      double[] p = pairs.get(r);
      out.println("    " + in.schema().name((int) p[0]) + " x " + in.schema().name((int) p[1]) + "  "
          + (p[2] >= 0 ? "+" : "-") + num(Math.abs(p[2])));
    }
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
