using System.CommandLine;
using System.Globalization;
using Repro.Data;
using Repro.Data.Splits;
using Spectre.Console;

namespace Repro.Cli.Commands;

/// <summary>
/// <c>repro data split DATA.csv --key COLUMN ...</c>: splits a CSV file into deterministic folds, prints
/// per fold its rows, counts per class and key digest, and with <c>--out</c> writes one CSV per fold.
/// </summary>
/// <remarks>
/// Everything is read and checked before anything is written: bad input is one line on stderr, exit 1,
/// and no file. The fold files hold the source's own lines (see <see cref="CsvFoldWriter"/>).
/// </remarks>
internal static class DataSplitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = new Argument<string>("DATA") { Description = "The CSV file: a header line, then one row per example." };
        var key = new Option<string>("--key")
        {
            Description = "The column that identifies each example (values present and distinct).",
            HelpName = "COLUMN",
            Required = true,
        };
        var stratify = new Option<string?>("--stratify")
        {
            Description = "Exact per-class proportions of this label column in every fold.",
            HelpName = "COLUMN",
        };
        var group = new Option<string?>("--group")
        {
            Description = "Keep rows with the same value of this column in one fold (group k-fold, balanced sizes).",
            HelpName = "COLUMN",
        };
        var time = new Option<string?>("--time")
        {
            Description = "Order by this column (numbers or ISO 8601 times): earliest rows in the first fold (train), latest in the last (test).",
            HelpName = "COLUMN",
        };
        var label = new Option<string?>("--label")
        {
            Description = "Report counts per class of this column (default: the --stratify column).",
            HelpName = "COLUMN",
        };
        var fractions = new Option<string?>("--fractions")
        {
            Description = "Fractions of the folds, comma-separated: 2 name train,test; 3 name train,validation,test; more name fold_0... Default 0.8,0.1,0.1.",
            HelpName = "F,F,...",
        };
        var folds = new Option<int?>("--folds")
        {
            Description = "K equal folds fold_0 ... fold_{K-1}, for cross-validation (instead of --fractions).",
            HelpName = "K",
        };
        var salt = new Option<string>("--salt")
        {
            Description = "Mixed into every key's hash: another salt, another split. Default empty.",
            HelpName = "S",
            DefaultValueFactory = _ => "",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write each fold's rows, as they are in DATA, to DIR/NAME.csv (created if absent; files of those names are replaced).",
            HelpName = "DIR",
        };
        var command = new Command("split",
            "Split a CSV file into deterministic folds. Without --stratify, --group or --time each example's fold comes "
            + "from the hash of (salt, key) alone, so it never changes when rows are added or reordered. Prints per fold: rows, "
            + "counts per class, and a BLAKE3 digest of its sorted keys. With --json: {dataset: {path, fingerprint, rows, columns: "
            + "[{name, type}]}, split: {method, key, salt, stratify, group, time, label}, folds: [{name, fraction, rows, classes: "
            + "{CLASS: N}, key_digest, file}], out}.")
        {
            data, key, stratify, group, time, label, fractions, folds, salt, output, CliOptions.Json,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, environment, context =>
        {
            var options = new SplitOptions
            {
                KeyColumn = context.Value(key),
                StratifyColumn = context.ParseResult.GetValue(stratify),
                GroupColumn = context.ParseResult.GetValue(group),
                TimeColumn = context.ParseResult.GetValue(time),
                LabelColumn = context.ParseResult.GetValue(label),
                Folds = Layout(context.ParseResult.GetValue(fractions), context.ParseResult.GetValue(folds)),
                Salt = context.Value(salt),
            };
            if (new[] { options.StratifyColumn, options.GroupColumn, options.TimeColumn }.Count(c => c is not null) > 1)
            {
                throw new ReproException("Use one of --stratify, --group and --time.");
            }

            return Execute(context, context.Value(data), options, context.ParseResult.GetValue(output));
        }));
        return command;
    }

    private static FoldLayout Layout(string? fractions, int? folds)
    {
        if (fractions is not null && folds is not null)
        {
            throw new ReproException("Use --fractions or --folds, not both.");
        }

        if (folds is not null)
        {
            return FoldLayout.KFold(folds.Value);
        }

        if (fractions is null)
        {
            return FoldLayout.FromFractions(0.8, 0.1, 0.1);
        }

        var values = new List<double>();
        foreach (var part in fractions.Split(','))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ReproException($"Invalid --fractions '{fractions}': expected numbers separated by commas, such as 0.8,0.1,0.1.");
            }

            values.Add(value);
        }

        return FoldLayout.FromFractions(values);
    }

    private static int Execute(CliContext context, string dataPath, SplitOptions options, string? outputDirectory)
    {
        var csv = new CsvOptions();
        var fullPath = Path.GetFullPath(dataPath, context.Environment.CurrentDirectory);
        var table = CsvTable.Load(fullPath, csv, dataPath);
        var split = SplitAssignment.Create(table, options);
        IReadOnlyList<string>? files = null;
        if (outputDirectory is not null)
        {
            var fullOutput = Path.GetFullPath(outputDirectory, context.Environment.CurrentDirectory);
            if (File.Exists(fullOutput))
            {
                throw new ReproException($"--out {outputDirectory} is a file; give a folder.");
            }

            CsvFoldWriter.Write(fullPath, csv, split, fullOutput);
            files = [.. split.Options.Folds.Names.Select(name => Path.Combine(outputDirectory, name + ".csv"))];
        }

        if (context.Json)
        {
            WriteJson(context, dataPath, split, outputDirectory, files);
        }
        else if (context.IsTerminal)
        {
            WriteTable(context, dataPath, split, files);
        }
        else
        {
            WritePlain(context, dataPath, split, files);
        }

        return CliApp.Success;
    }

    private static void WriteJson(CliContext context, string dataPath, SplitAssignment split, string? outputDirectory, IReadOnlyList<string>? files)
    {
        var options = split.Options;
        CliJson.Write(context.Out, new
        {
            dataset = new
            {
                path = dataPath,
                fingerprint = split.Table.Fingerprint,
                rows = split.Table.RowCount,
                columns = split.Table.Schema.Select(c => new { name = c.Name, type = c.Type.ToName() }),
            },
            split = new
            {
                method = MethodName(split.Method),
                key = options.KeyColumn,
                salt = options.Salt,
                stratify = options.StratifyColumn,
                group = options.GroupColumn,
                time = options.TimeColumn,
                label = options.CountedLabelColumn,
            },
            folds = split.Folds.Select((fold, i) => new
            {
                name = fold.Name,
                fraction = fold.Fraction,
                rows = fold.Rows,
                classes = fold.ClassCounts,
                key_digest = fold.KeyDigest,
                file = files?[i],
            }),
            @out = outputDirectory,
        });
    }

    private static void WritePlain(CliContext context, string dataPath, SplitAssignment split, IReadOnlyList<string>? files)
    {
        context.Out.WriteLine(DatasetLine(dataPath, split.Table));
        context.Out.WriteLine(SplitLine(split));
        var classes = Classes(split);
        var labelColumn = split.Options.CountedLabelColumn;
        context.Out.WriteLine(string.Join('\t', new[] { "fold", "rows" }.Concat(classes.Select(c => $"{labelColumn}={c}")).Append("key_digest")));
        foreach (var fold in split.Folds)
        {
            var cells = new[] { fold.Name, Number(fold.Rows) }
                .Concat(classes.Select(c => Number(fold.ClassCounts[c])))
                .Append(fold.KeyDigest);
            context.Out.WriteLine(string.Join('\t', cells));
        }

        if (files is not null)
        {
            context.Out.WriteLine($"Wrote {string.Join(", ", files)}");
        }
    }

    private static void WriteTable(CliContext context, string dataPath, SplitAssignment split, IReadOnlyList<string>? files)
    {
        context.Console.MarkupLine(Markup.Escape(DatasetLine(dataPath, split.Table)));
        context.Console.MarkupLine(Markup.Escape(SplitLine(split)));
        var classes = Classes(split);
        var table = CompactTable.Create();
        table.AddColumn(CompactTable.Column("Fold", noWrap: true));
        table.AddColumn(CompactTable.Column("Rows", noWrap: true, rightAligned: true));
        foreach (var label in classes)
        {
            table.AddColumn(CompactTable.Column(label, noWrap: true, rightAligned: true));
        }

        table.AddColumn(CompactTable.Column("Keys", noWrap: true));
        foreach (var fold in split.Folds)
        {
            var cells = new[] { Markup.Escape(fold.Name), Number(fold.Rows) }
                .Concat(classes.Select(c => Number(fold.ClassCounts[c])))
                .Append(Markup.Escape(ShortDigest(fold.KeyDigest)));
            table.AddRow(cells.ToArray());
        }

        context.Console.Write(table);
        if (files is not null)
        {
            context.Console.MarkupLine(Markup.Escape($"Wrote {string.Join(", ", files)}"));
        }
    }

    private static string DatasetLine(string dataPath, Repro.Data.Table table) =>
        string.Create(CultureInfo.InvariantCulture, $"{dataPath}: {table.RowCount} rows, {table.Schema.Count} columns, fingerprint {table.Fingerprint}");

    private static string SplitLine(SplitAssignment split)
    {
        var options = split.Options;
        var by = split.Method switch
        {
            SplitMethod.Stratified => $"stratified by '{options.StratifyColumn}'",
            SplitMethod.Group => $"grouped by '{options.GroupColumn}'",
            SplitMethod.Time => $"ordered by '{options.TimeColumn}'",
            _ => "by hash",
        };
        return $"Split {by}, key '{options.KeyColumn}', salt '{options.Salt}'";
    }

    private static string[] Classes(SplitAssignment split) => [.. split.Folds[0].ClassCounts.Keys];

    private static string MethodName(SplitMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>The digest cut to 16 hex characters: enough to tell folds and runs apart on screen.</summary>
    private static string ShortDigest(string digest) => digest.Length > 23 ? digest[..23] : digest;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
