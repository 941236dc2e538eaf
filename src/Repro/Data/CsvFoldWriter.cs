using System.Text;
using nietras.SeparatedValues;
using Repro.Data.Splits;

namespace Repro.Data;

/// <summary>
/// Materialises a split of a CSV file: one file per fold, <c>NAME.csv</c>, holding the header and the
/// fold's rows exactly as they are in the source (quoting and number spelling kept), in source order, each
/// line ending in \n, UTF-8 without a byte order mark.
/// </summary>
/// <remarks>
/// Every fold is written to a temporary file beside its target and renamed into place only when all of
/// them are complete, so a failure leaves no partial fold file. Existing files of the same names are replaced.
/// </remarks>
internal static class CsvFoldWriter
{
    /// <summary>Writes the fold files and returns their paths, in fold order.</summary>
    /// <param name="sourcePath">The CSV file <paramref name="split"/>'s table was loaded from.</param>
    /// <param name="options">The options it was loaded with (for the separator).</param>
    /// <param name="split">The split of that table.</param>
    /// <param name="directory">Where to write; created when absent.</param>
    /// <exception cref="ReproException">The folder or a file cannot be written, or the source changed since it was loaded.</exception>
    public static IReadOnlyList<string> Write(string sourcePath, CsvOptions options, SplitAssignment split, string directory)
    {
        var names = split.Options.Folds.Names;
        var targets = names.Select(name => Path.Combine(directory, name + ".csv")).ToArray();
        var temporaries = targets.Select(t => Path.Combine(directory, $".{Path.GetFileName(t)}.partial")).ToArray();
        var writers = new StreamWriter?[targets.Length];
        try
        {
            Directory.CreateDirectory(directory);
            for (var i = 0; i < writers.Length; i++)
            {
                writers[i] = new StreamWriter(temporaries[i], append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
            }

            CopyRows(sourcePath, options, split, writers!);
            for (var i = 0; i < writers.Length; i++)
            {
                writers[i]!.Flush();
                writers[i]!.BaseStream.Flush();
                writers[i]!.Dispose();
                writers[i] = null;
            }

            for (var i = 0; i < targets.Length; i++)
            {
                File.Move(temporaries[i], targets[i], overwrite: true);
            }

            return targets;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReproException($"Cannot write the folds to {directory}: {ex.Message}", ex);
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer?.Dispose();
            }

            foreach (var temporary in temporaries)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Best effort: a leftover .partial file is hidden and replaced by the next run.
                }
            }
        }
    }

    private static void CopyRows(string sourcePath, CsvOptions options, SplitAssignment split, StreamWriter[] writers)
    {
        using var reader = CsvTable.Reader(options).FromFile(sourcePath);
        if (!CsvTableReader.MoveToRow(reader))
        {
            throw Changed(split);
        }

        var header = reader.Current.Span;
        if (header.Length > 0 && header[0] == '\uFEFF')
        {
            header = header[1..];
        }

        foreach (var writer in writers)
        {
            writer.Write(header);
            writer.Write('\n');
        }

        var row = 0;
        while (CsvTableReader.MoveToRow(reader))
        {
            if (row >= split.Table.RowCount)
            {
                throw Changed(split);
            }

            var writer = writers[split.FoldOf(row++)];
            writer.Write(reader.Current.Span);
            writer.Write('\n');
        }

        if (row != split.Table.RowCount)
        {
            throw Changed(split);
        }
    }

    private static DataInputException Changed(SplitAssignment split) =>
        new(split.Table.Source, null, $"{split.Table.Source}: changed while it was being split; run the command again.");
}
