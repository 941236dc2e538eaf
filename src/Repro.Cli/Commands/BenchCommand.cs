using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Repro.Benchmarking;
using Repro.Cli.Benchmarking;
using Repro.Cli.Running;
using Repro.Storage;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary><c>repro bench [--baseline RUN] [options] -- COMMAND</c>: times a command and gates on a regression.</summary>
internal static class BenchCommand
{
    private const string Description =
        "Time COMMAND: W warm-up runs, then N measured runs, stored as one run (experiment 'bench'; metrics\n"
        + "bench/wall_seconds and bench/cpu_seconds, one point per measured run; tag repro.bench=1). The command's\n"
        + "output is captured quietly and dropped (the stderr of a failing run is kept with the bench run); one\n"
        + "progress line per run goes to stderr. A failing run stops the bench: the run ends FAILED, exit code 1.\n"
        + "\n"
        + "With --baseline RUN (an earlier bench run), the wall times are compared with the baseline's:\n"
        + "  p      two-sided Mann-Whitney U test (exact below 50 runs each without ties, else normal with tie correction)\n"
        + "  ratio  current / baseline: the median of all pairwise time ratios (Hodges-Lehmann), with the 95% interval\n"
        + "         that inverts the same test\n"
        + "  Slower when p < 0.05 and ratio > 1 + threshold; Faster when p < 0.05 and ratio < 1 - threshold;\n"
        + "  Same otherwise: 'equivalent' when the whole interval lies within 1 +/- threshold, else 'inconclusive'\n"
        + "  (more --runs narrow the interval).\n"
        + "Exit code 3 when Slower, so CI can gate on it; 0 otherwise.\n"
        + "With --json: {run_id, verdict (FASTER, SAME, SLOWER or null without a baseline), equivalent, ratio, ratio_ci_low,\n"
        + "ratio_ci_high, p_value, test (exact or normal), threshold, baseline: {run_id, median_seconds, runs} or null,\n"
        + "current: {run_id, median_seconds, runs, median_cpu_seconds}}.\n"
        + "\n"
        + "Example: repro bench --runs 20 -- python infer.py  then  repro bench --baseline RUN_ID --runs 20 -- python infer.py";

    private static readonly Option<string?> Baseline = new("--baseline", "-b")
    {
        Description = "The bench run to compare with: an id or a unique prefix of one.",
        HelpName = "RUN",
    };

    private static readonly Option<int> Runs = new("--runs")
    {
        Description = $"Measured runs, at least {BaselineSamples.MinimumRuns}.",
        HelpName = "N",
        DefaultValueFactory = _ => 10,
    };

    private static readonly Option<int> Warmup = new("--warmup")
    {
        Description = "Warm-up runs before the measured ones (not recorded), 0 or more.",
        HelpName = "W",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string> Threshold = new("--threshold")
    {
        Description = "The equivalence threshold: changes smaller than this never count, as a percentage (5%) or a fraction (0.05), below 100%.",
        HelpName = "T",
        DefaultValueFactory = _ => "5%",
    };

    private static readonly Option<string?> Experiment = new("--experiment", "-e")
    {
        Description = $"The experiment to put the run in. Default: {BenchKeys.DefaultExperiment}.",
        HelpName = "NAME",
    };

    private static readonly Option<string?> Name = new("--name", "-n")
    {
        Description = "A name for the run.",
        HelpName = "NAME",
    };

    private static readonly Argument<string[]> CommandLine = new("COMMAND")
    {
        Description = "The command to time and its arguments, after '--'.",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "COMMAND [ARGS...]",
    };

    /// <summary>The most measured or warm-up runs, a guard against a typo such as --runs 100000000.</summary>
    private const int MaximumRuns = 100_000;

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("bench", Description);
        command.Options.Add(Baseline);
        command.Options.Add(Runs);
        command.Options.Add(Warmup);
        command.Options.Add(Threshold);
        command.Options.Add(Experiment);
        command.Options.Add(Name);
        command.Options.Add(CliOptions.Json);
        command.Arguments.Add(CommandLine);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        return command;
    }

    /// <summary>Parses --threshold: "5%" or "0.05"; a fraction in [0, 1).</summary>
    /// <exception cref="ReproException">The text is not such a number.</exception>
    public static double ParseThreshold(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1] : trimmed;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            value = percent ? value / 100 : value;
            if (value is >= 0 and < 1)
            {
                return value;
            }
        }

        throw new ReproException($"Invalid --threshold '{TrackingLimits.Shorten(text)}': give a percentage from 0% to below 100%, such as 5%, or a fraction such as 0.05.");
    }

    private static int Execute(CliContext context)
    {
        var parseResult = context.ParseResult;
        var commandLine = parseResult.GetValue(CommandLine) ?? [];
        if (commandLine.Length == 0 || !parseResult.Tokens.Any(t => t.Type == TokenType.DoubleDash))
        {
            throw new InvalidRunArgumentException(commandLine.Length == 0
                ? "Give the command to time after '--', for example: repro bench -- python infer.py"
                : $"Put '--' before the command, so its own options are not taken for repro's: repro bench [options] -- {string.Join(' ', commandLine)}");
        }

        var runs = context.Value(Runs);
        if (runs is < BaselineSamples.MinimumRuns or > MaximumRuns)
        {
            throw new ReproException($"--runs must be from {BaselineSamples.MinimumRuns} to {MaximumRuns}: with fewer than {BaselineSamples.MinimumRuns} runs no change can be significant.");
        }

        var warmup = context.Value(Warmup);
        if (warmup is < 0 or > MaximumRuns)
        {
            throw new ReproException($"--warmup must be from 0 to {MaximumRuns}.");
        }

        var threshold = ParseThreshold(context.Value(Threshold));
        var experiment = parseResult.GetValue(Experiment) ?? BenchKeys.DefaultExperiment;
        var name = parseResult.GetValue(Name);
        TrackingLimits.ValidateName("experiment", experiment);
        if (name is not null)
        {
            TrackingLimits.ValidateName("run", name);
        }

        RunArguments.CommandTag(commandLine);
        var executable = CommandResolver.Resolve(commandLine[0], context.Environment.GetVariable("PATH"), context.Environment.CurrentDirectory);

        using var store = context.OpenStore();
        var baselineReference = parseResult.GetValue(Baseline);
        var baseline = baselineReference is null ? null : BaselineSamples.Load(store, baselineReference);
        var commandTag = RunArguments.CommandTag(commandLine);
        if (baseline?.Command is { } baselineCommand && baselineCommand != commandTag)
        {
            context.Error.WriteLine($"repro: note: the baseline timed a different command: {baselineCommand}");
        }

        var request = new BenchRequest(commandLine, executable, runs, warmup, experiment, name, baseline?.Run.Id);
        var outcome = new BenchRunner(context.Environment).Execute(store, request);
        if (outcome.Status != RunStatus.Finished)
        {
            context.Error.WriteLine($"repro: bench run {outcome.RunId.Value[..8]} {outcome.Status.ToName()}");
            return outcome.ExitCode;
        }

        var comparison = baseline is null ? null : BenchComparison.Compare(outcome.WallSeconds, baseline.WallSeconds, threshold);
        if (comparison is not null)
        {
            store.WriteBatch(outcome.RunId, RunBatch.OfTags(new KeyValuePair<string, string>(BenchKeys.VerdictTag, VerdictName(comparison.Verdict))));
        }

        Report(context, outcome, baseline, comparison, threshold);
        return comparison?.Verdict == BenchVerdict.Slower ? CliApp.CheckFoundDifference : CliApp.Success;
    }

    private static void Report(CliContext context, BenchOutcome outcome, BaselineSamples? baseline, BenchComparison? comparison, double threshold)
    {
        var currentMedian = BenchComparison.Median(outcome.WallSeconds);
        double? cpuMedian = outcome.CpuSeconds.Count > 0 ? BenchComparison.Median(outcome.CpuSeconds) : null;
        if (context.Json)
        {
            CliJson.Write(context.Out, new
            {
                run_id = outcome.RunId.Value,
                verdict = comparison is null ? null : VerdictName(comparison.Verdict),
                equivalent = comparison?.Equivalent,
                ratio = comparison?.Ratio,
                ratio_ci_low = comparison?.RatioLow,
                ratio_ci_high = comparison?.RatioHigh,
                p_value = comparison?.PValue,
                test = comparison is null ? null : comparison.Test.Method.ToString().ToLowerInvariant(),
                threshold,
                baseline = baseline is null ? null : new
                {
                    run_id = baseline.Run.Id.Value,
                    median_seconds = BenchComparison.Median(baseline.WallSeconds),
                    runs = baseline.WallSeconds.Count,
                },
                current = new
                {
                    run_id = outcome.RunId.Value,
                    median_seconds = currentMedian,
                    runs = outcome.WallSeconds.Count,
                    median_cpu_seconds = cpuMedian,
                },
            });
            return;
        }

        var lines = new List<(string Label, string Text)>();
        var cpu = cpuMedian is { } c ? $", cpu {Seconds(c)}" : string.Empty;
        lines.Add(("current", $"{outcome.RunId.Value[..8]}  median {Seconds(currentMedian)}{cpu} ({outcome.WallSeconds.Count} runs)"));
        if (baseline is not null && comparison is not null)
        {
            lines.Add(("baseline", $"{baseline.Run.Id.Value[..8]}  median {Seconds(comparison.BaselineMedian)} ({baseline.WallSeconds.Count} runs)"));
            lines.Add(("ratio", string.Create(CultureInfo.InvariantCulture,
                $"{comparison.Ratio:0.000}x  95% CI [{comparison.RatioLow:0.000}x, {comparison.RatioHigh:0.000}x]  p = {comparison.PValue:G3} (Mann-Whitney, {comparison.Test.Method.ToString().ToLowerInvariant()})")));
            lines.Add(("verdict", VerdictText(comparison)));
        }
        else
        {
            lines.Add(("next", $"compare later runs with: repro bench --baseline {outcome.RunId.Value[..8]} -- COMMAND"));
        }

        var width = lines.Max(l => l.Label.Length);
        foreach (var (label, text) in lines)
        {
            context.Out.WriteLine($"{label.PadRight(width)}  {text}");
        }
    }

    private static string VerdictText(BenchComparison comparison)
    {
        var band = string.Create(CultureInfo.InvariantCulture, $"{comparison.Threshold * 100:0.##}%");
        return comparison.Verdict switch
        {
            BenchVerdict.Slower => $"Slower: a significant slowdown of more than {band}",
            BenchVerdict.Faster => $"Faster: a significant speed-up of more than {band}",
            _ when comparison.Equivalent => $"Same: any change is within {band}",
            _ => $"Same (inconclusive): no significant change beyond {band}, but the interval is too wide to rule one out; more --runs narrow it",
        };
    }

    private static string VerdictName(BenchVerdict verdict) => verdict.ToString().ToUpperInvariant();

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:G4} s");
}
