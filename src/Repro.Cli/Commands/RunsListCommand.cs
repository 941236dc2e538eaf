using System.CommandLine;
using System.Globalization;
using Repro.Storage;
using Repro.Tracking;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro runs list</c>: runs matching a filter, sorted and limited, as a table (terminal), tab-separated
/// lines with a header (pipe) or a JSON array of <see cref="RunJson"/> (<c>--json</c>).
/// </summary>
/// <remarks>
/// The store does the filtering, sorting and limiting in one query; params, metrics and tags are then
/// read only for the returned rows, and only when shown (a column per metric, param or tag the filter or
/// order-by mentions) or for <c>--json</c>. One more row than the limit is asked for, so the command can
/// say that more runs match without counting them.
/// </remarks>
internal static class RunsListCommand
{
    public const int DefaultLimit = 100;

    public static Command Create(CliEnvironment environment)
    {
        var experiments = new Option<string[]>("--experiment", "-e")
        {
            Description = "Only runs of this experiment; repeat for several.",
            HelpName = "NAME",
        };
        var status = new Option<string?>("--status")
        {
            Description = "Only runs with this status: RUNNING, FINISHED, FAILED or KILLED.",
            HelpName = "STATUS",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "Only runs matching an MLflow-style filter, clauses joined by AND: "
                + "\"metrics.val_loss < 0.3 and params.lr = '0.01' and tags.team LIKE 'vision%'\". "
                + "Fields: metrics.KEY, params.KEY, tags.KEY, run_id, run_name, status, start_time, end_time.",
            HelpName = "EXPR",
        };
        var orderBy = new Option<string[]>("--order-by")
        {
            Description = "Sort by FIELD [ASC|DESC], such as 'metrics.val_loss ASC'; repeat for tie-breakers. "
                + "Runs lacking the field come last. Then newest first.",
            HelpName = "EXPR",
        };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = "Show at most N runs; a note on stderr says when more match.",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultLimit,
        };
        var command = new Command("list",
            "List runs, newest first. With --json: an array of {run_id, experiment, name, status, start_time_ms, "
            + "end_time_ms, duration_ms, seed, parent_run_id, params, metrics, tags}; times in ms since the Unix "
            + "epoch, end_time_ms and duration_ms null while running, seed a decimal string, metrics the latest value of each.")
        {
            experiments, status, filter, orderBy, limit, CliOptions.Json,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
        {
            // Check everything before the store is opened: a bad expression changes nothing.
            if (context.Value(limit) < 1)
            {
                throw new ReproException("--limit must be at least 1.");
            }

            var query = BuildQuery(context.Value(experiments) ?? [], context.ParseResult.GetValue(status), context.ParseResult.GetValue(filter), context.Value(orderBy) ?? []);
            return Execute(context, query, context.Value(limit));
        }));
        return command;
    }

    private static RunQuery BuildQuery(IReadOnlyList<string> experiments, string? status, string? filter, IReadOnlyList<string> orderBy)
    {
        var clauses = RunFilter.Parse(filter).Clauses.ToList();
        if (status is not null)
        {
            if (!RunStatusNames.TryParse(status, out var parsed))
            {
                throw new InvalidQueryException($"Invalid --status '{status}': expected RUNNING, FINISHED, FAILED or KILLED.");
            }

            clauses.Add(new FilterClause(new RunField(RunFieldKind.Attribute, "status"), FilterOperator.Equal, Text: parsed.ToName()));
        }

        var orders = new List<RunOrder>();
        foreach (var expression in orderBy)
        {
            try
            {
                orders.Add(RunOrder.Parse(expression));
            }
            catch (InvalidQueryException ex) when (!ex.Message.Contains($"'{expression}'", StringComparison.Ordinal))
            {
                throw new InvalidQueryException($"In --order-by '{expression}': {ex.Message}", ex.Position);
            }
        }

        return new RunQuery { ExperimentNames = [.. experiments], Filter = RunFilter.Of([.. clauses]), OrderBy = orders };
    }

    private static int Execute(CliContext context, RunQuery query, int limit)
    {
        using var store = context.OpenStore();
        if (query.ExperimentNames.Count > 0)
        {
            var known = store.ListExperiments().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var unknown = query.ExperimentNames.FirstOrDefault(name => !known.Contains(name));
            if (unknown is not null)
            {
                throw new ReproException($"No experiment named '{unknown}'. 'repro experiments list' shows the experiments in this store.");
            }
        }

        var found = store.SearchRuns(query with { Limit = limit == int.MaxValue ? limit : limit + 1 });
        var more = found.Count > limit;
        var runs = more ? found.Take(limit).ToList() : found;
        if (more && !(context.IsTerminal && !context.Json))
        {
            context.Error.WriteLine($"repro: showing the first {limit} matching runs; more match (use --limit N to see more).");
        }

        if (context.Json)
        {
            CliJson.Write(context.Out, runs.Select(run => RunJson.From(run, store.GetRunData(run.Id))));
            return CliApp.Success;
        }

        var fields = MentionedFields(query);
        var data = fields.Count == 0 ? null : runs.Select(run => store.GetRunData(run.Id)).ToList();
        if (context.IsTerminal)
        {
            WriteTable(context, query, runs, fields, data, more ? limit : null);
        }
        else
        {
            WritePlain(context, runs, fields, data);
        }

        return CliApp.Success;
    }

    /// <summary>The metrics, params and tags the filter and order-by mention, in order of first mention.</summary>
    private static List<RunField> MentionedFields(RunQuery query) =>
        query.Filter.Clauses.Select(c => c.Field).Concat(query.OrderBy.Select(o => o.Field))
            .Where(f => f.Kind != RunFieldKind.Attribute)
            .Distinct()
            .ToList();

    private static string? FieldValue(RunField field, RunData data, Func<double, string> formatNumber) => field.Kind switch
    {
        RunFieldKind.Metric => data.LatestMetrics.TryGetValue(field.Key, out var point) ? formatNumber(point.Value) : null,
        RunFieldKind.Param => data.Params.GetValueOrDefault(field.Key),
        _ => data.Tags.GetValueOrDefault(field.Key),
    };

    private static void WritePlain(CliContext context, IReadOnlyList<RunInfo> runs, List<RunField> fields, List<RunData>? data)
    {
        var header = new List<string> { "run_id", "experiment", "name", "status", "start_time", "duration" };
        header.AddRange(fields.Select(f => f.ToString()));
        context.Out.WriteLine(string.Join('\t', header));
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var cells = new List<string>
            {
                run.Id.Value, run.ExperimentName, run.Name, run.Status.ToName(), CliFormat.Time(run.StartTimeMs),
                RunStatusStyle.Duration(run, context.Environment.Time),
            };
            cells.AddRange(fields.Select(f => FieldValue(f, data![i], ExactNumber) ?? string.Empty));
            context.Out.WriteLine(string.Join('\t', cells.Select(PlainCell)));
        }
    }

    private static void WriteTable(CliContext context, RunQuery query, IReadOnlyList<RunInfo> runs, List<RunField> fields, List<RunData>? data, int? truncatedAt)
    {
        if (runs.Count == 0)
        {
            var unfiltered = query.ExperimentNames.Count == 0 && query.Filter.Clauses.Count == 0;
            context.Out.WriteLine(unfiltered
                ? "No runs yet. Create one with 'repro demo' or 'repro run -- COMMAND'."
                : "No runs match.");
            return;
        }

        // Kept narrow for 80-column terminals: the experiment column goes into the title when all rows
        // share one, and long names wrap rather than push the short, fixed-width columns apart.
        var experiments = runs.Select(r => r.ExperimentName).Distinct(StringComparer.Ordinal).ToList();
        var showExperiment = experiments.Count > 1;
        var table = CompactTable.Create();
        table.AddColumn(CompactTable.Column("Run", noWrap: true));
        if (showExperiment)
        {
            table.AddColumn(CompactTable.Column("Experiment"));
        }
        else
        {
            table.Title = new TableTitle($"Experiment {Markup.Escape(experiments[0])}", new Style(decoration: Decoration.Bold));
        }

        table.AddColumn(CompactTable.Column("Name"))
            .AddColumn(CompactTable.Column("Status", noWrap: true))
            .AddColumn(CompactTable.Column("Started (UTC)"))
            .AddColumn(CompactTable.Column("Duration", noWrap: true, rightAligned: true));
        foreach (var field in fields)
        {
            // Values never wrap: a number split over two lines reads as two numbers.
            table.AddColumn(CompactTable.Column(field.ToString(), noWrap: true, rightAligned: field.Kind == RunFieldKind.Metric));
        }

        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var cells = new List<string> { run.Id.Value[..8] };
            if (showExperiment)
            {
                cells.Add(Markup.Escape(run.ExperimentName));
            }

            cells.AddRange(
            [
                Markup.Escape(run.Name), RunStatusStyle.Markup(run.Status), ShortTime(run.StartTimeMs),
                RunStatusStyle.Duration(run, context.Environment.Time),
            ]);
            cells.AddRange(fields.Select(f => Markup.Escape(FieldValue(f, data![i], CliFormat.Number) ?? "-")));
            table.AddRow([.. cells]);
        }

        if (truncatedAt is { } shown)
        {
            table.Caption($"[grey]First {shown} matching runs; more match (use --limit N to see more).[/]");
        }

        context.Console.Write(table);
    }

    private static string ShortTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Full precision for scripts; NaN and the infinities spelled as in tables.</summary>
    private static string ExactNumber(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : CliFormat.Number(value);

    /// <summary>Keeps one run on one line and its cells apart: tabs and line breaks become spaces.</summary>
    private static string PlainCell(string text) =>
        text.AsSpan().IndexOfAny('\t', '\n', '\r') < 0 ? text : text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
