using System.CommandLine;
using System.CommandLine.Parsing;
using Repro.Cli.Running;
using Repro.Profiling;
using Repro.Tracking;

namespace Repro.Cli.Commands;

/// <summary><c>repro run [options] -- COMMAND [ARGS...]</c>: runs any command as a tracked run.</summary>
internal static class RunCommand
{
    private const string Description =
        "Run COMMAND (any program, in any language) as a tracked run, and exit with its exit code.\n"
        + "\n"
        + "The command's stdout and stderr show live and are saved with the run. Exit code 0 ends the run\n"
        + "FINISHED, any other code FAILED; Ctrl-C (SIGINT) or SIGTERM is passed on to the command and the\n"
        + "run ends KILLED (a second Ctrl-C, or 10 s without stopping, kills the command). repro run exits\n"
        + "with the command's own exit code (128 + N when signal N ended it), so it is transparent in scripts.\n"
        + "\n"
        + "The command finds its run in its environment:\n"
        + "  REPRO_STORE    the store URI\n"
        + "  REPRO_RUN_ID   the run id (the Repro library attaches to this run instead of starting one)\n"
        + "  REPRO_SEED     the run's root seed, an unsigned 64-bit number (drawn and recorded without --seed)\n"
        + "  REPRO_PARAMS   the -p params as a JSON object of strings, such as {\"lr\":\"0.01\"}\n"
        + "  REPRO_METRICS  a file to append metrics to, one JSON object per line:\n"
        + "                   {\"key\": \"loss\", \"value\": 0.31, \"step\": 3}\n"
        + "                 \"step\" defaults to 0 and \"timestamp\" (ms since the Unix epoch) to when the line is\n"
        + "                 read; \"value\" is a number or \"NaN\", \"Infinity\", \"-Infinity\". Lines are taken in\n"
        + "                 as they are written; bad lines are counted (tag repro.rejected_metric_lines), the\n"
        + "                 first is shown.\n"
        + "  REPRO_OUTPUTS  a folder for result files: when the command exits, their paths, sizes and BLAKE3\n"
        + "                 digests are recorded on the run (tag repro.outputs).\n"
        + "For the embedded store, the metrics file and the outputs folder are kept in .repro/runs/RUN_ID/.\n"
        + "PYTHONUNBUFFERED=1 is set too, so a Python command's output shows as it is printed.\n"
        + "\n"
        + "Profiling: the command and every process it starts are sampled every second (CPU, resident\n"
        + "memory, threads, disk I/O, the machine's CPU and memory, and each NVIDIA GPU) into system/...\n"
        + "metrics, and the run's profile is stored: see 'repro profile RUN'. The run lasts until the last\n"
        + "of those processes exits. --device passes the chosen device as REPRO_DEVICE (cpu or cuda:N).\n"
        + "--max-memory and --max-time warn at 90% and stop every process of the run when exceeded\n"
        + "(SIGTERM, then SIGKILL after 5 s); the run ends KILLED, keeping everything logged so far.\n"
        + "\n"
        + "Example: repro run --experiment mnist -p lr=0.01 --tolerance accuracy=1e-9 -- python train.py --epochs 3";

    private static readonly Option<string?> Experiment = new("--experiment", "-e")
    {
        Description = $"The experiment to put the run in (created when new). Default: {Tracking.Experiment.DefaultName}.",
        HelpName = "NAME",
    };

    private static readonly Option<string?> Name = new("--name", "-n")
    {
        Description = "A name for the run. Default: the experiment name and the start time.",
        HelpName = "NAME",
    };

    private static readonly Option<string?> Seed = new("--seed")
    {
        Description = "The run's root seed, a whole number from 0 to 18446744073709551615 (passed as REPRO_SEED). Default: drawn at random and recorded.",
        HelpName = "SEED",
    };

    private static readonly Option<string[]> Params = new("--param", "-p")
    {
        Description = "A param to record and pass in REPRO_PARAMS, as key=value. Repeat for more.",
        HelpName = "key=value",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> Tolerances = new("--tolerance")
    {
        Description = "How far a replay's value of a metric may differ and still count as the same, as metric=VALUE (VALUE >= 0, such as 1e-9). Repeat for more.",
        HelpName = "metric=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> Device = new("--device")
    {
        Description = "The device for the command, passed as REPRO_DEVICE and recorded with the reason: auto (the first GPU, or the CPU with a notice when none is usable), cpu, cuda or cuda:N.",
        HelpName = "auto|cpu|cuda[:N]",
    };

    private static readonly Option<string?> MaxMemory = new("--max-memory")
    {
        Description = "Stop the run when its processes together hold more resident memory than this, such as 4GB or 512MiB (KB/MB/GB = 1000^n, KiB/MiB/GiB = 1024^n).",
        HelpName = "SIZE",
    };

    private static readonly Option<string?> MaxTime = new("--max-time")
    {
        Description = "Stop the run when it has taken longer than this, such as 90s, 10m, 1.5h or 1h30m.",
        HelpName = "DURATION",
    };

    private static readonly Option<string?> SampleInterval = new("--sample-interval")
    {
        Description = "How often to sample the command's processes, such as 1s (the default) or 0.5s; each 5 samples are logged as their mean and KEY_max.",
        HelpName = "DURATION",
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "After the command's own output, print {run_id, status, exit_code, duration_ms} as JSON on stdout.",
    };

    private static readonly Argument<string[]> CommandLine = new("COMMAND")
    {
        Description = "The command to run and its arguments, after '--'.",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "COMMAND [ARGS...]",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("run", Description);
        command.Options.Add(Experiment);
        command.Options.Add(Name);
        command.Options.Add(Seed);
        command.Options.Add(Params);
        command.Options.Add(Tolerances);
        command.Options.Add(Device);
        command.Options.Add(MaxMemory);
        command.Options.Add(MaxTime);
        command.Options.Add(SampleInterval);
        command.Options.Add(Json);
        command.Arguments.Add(CommandLine);
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, Execute));
        return command;
    }

    private static int Execute(CliContext context)
    {
        var request = ReadRequest(context);
        using var store = context.OpenStore();
        var outcome = new RunSupervisor(context.Environment).Execute(store, request);

        var shortId = outcome.RunId.Value[..8];
        context.Error.WriteLine(
            $"repro: run {shortId} {outcome.Status.ToName()} in {CliFormat.Duration(outcome.DurationMs)} (exit code {outcome.ExitCode}) — next: repro runs show {shortId}");
        if (context.ParseResult.GetValue(Json))
        {
            context.Out.Flush();
            CliJson.Write(context.Out, new
            {
                run_id = outcome.RunId.Value,
                status = outcome.Status.ToName(),
                exit_code = outcome.ExitCode,
                duration_ms = outcome.DurationMs,
            });
        }

        return outcome.ExitCode;
    }

    /// <summary>Checks every argument, and finds the command, before anything is written.</summary>
    private static RunRequest ReadRequest(CliContext context)
    {
        var parseResult = context.ParseResult;
        var commandLine = parseResult.GetValue(CommandLine) ?? [];
        if (commandLine.Length == 0 || !parseResult.Tokens.Any(t => t.Type == TokenType.DoubleDash))
        {
            throw new InvalidRunArgumentException(commandLine.Length == 0
                ? "Give the command to run after '--', for example: repro run -p lr=0.01 -- python train.py"
                : $"Put '--' before the command, so its own options are not taken for repro's: repro run [options] -- {string.Join(' ', commandLine)}");
        }

        var seed = RunArguments.ParseSeed(parseResult.GetValue(Seed));
        var parameters = RunArguments.ParseParams(parseResult.GetValue(Params) ?? []);
        var tolerances = RunArguments.ParseTolerances(parseResult.GetValue(Tolerances) ?? []);
        var experiment = parseResult.GetValue(Experiment);
        var name = parseResult.GetValue(Name);
        ValidateName("experiment", experiment);
        ValidateName("run", name);
        RunArguments.CommandTag(commandLine);
        var budget = new ResourceBudget(
            parseResult.GetValue(MaxMemory) is { } memory ? ResourceBudget.ParseBytes("--max-memory", memory) : null,
            parseResult.GetValue(MaxTime) is { } time ? ResourceBudget.ParseDuration("--max-time", time) : null);
        var sampler = parseResult.GetValue(SampleInterval) is { } interval
            ? new SamplerOptions { Interval = ResourceBudget.ParseDuration("--sample-interval", interval) }
            : new SamplerOptions();
        var executable = CommandResolver.Resolve(commandLine[0], context.Environment.GetVariable("PATH"), context.Environment.CurrentDirectory);
        var device = parseResult.GetValue(Device) is { } requested
            ? DeviceSelection.Choose(requested, DeviceInventory.Probe(context.Environment.Nvml))
            : null;
        if (device?.Notice is { } notice)
        {
            context.Error.WriteLine($"repro: {notice}");
        }

        return new RunRequest(experiment, name, seed, parameters, tolerances, commandLine, executable, Budget: budget, Device: device, Sampler: sampler);
    }

    private static void ValidateName(string kind, string? name)
    {
        if (name is not null)
        {
            TrackingLimits.ValidateName(kind, name);
        }
    }
}
