using System.Globalization;

namespace Repro.Data.Synthetic;

/// <summary>
/// A generated text-classification dataset: one sentence and one class label per row, made by
/// <see cref="SyntheticData.TextClassification"/>. The same seed and path give identical sentences.
/// </summary>
/// <remarks>The arrays are the dataset's own, handed out without copying; the row number is its stable key (the <c>id</c> column).</remarks>
public sealed class SyntheticTextDataset
{
    internal SyntheticTextDataset(string name, string[] texts, int[] labels, string[] classNames)
    {
        Name = name;
        Texts = texts;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>The generator that made the dataset.</summary>
    public string Name { get; }

    /// <summary>The sentences: lower-case words separated by single spaces.</summary>
    public string[] Texts { get; }

    /// <summary>The class of each row, in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The name of each class (its topic), indexed by class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The number of rows.</summary>
    public int Count => Texts.Length;

    /// <summary>How many rows each class has, indexed by class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>A dataset of the given rows, in the given order (rows may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside the dataset.</exception>
    public SyntheticTextDataset Select(ReadOnlySpan<int> rows)
    {
        var texts = new string[rows.Length];
        var labels = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row {row} is outside the dataset '{Name}', which has {Count} rows.");
            }

            texts[i] = Texts[row];
            labels[i] = Labels[row];
        }

        return new SyntheticTextDataset(Name, texts, labels, [.. ClassNames]);
    }

    /// <summary>The dataset as a <see cref="Table"/> with the columns <c>id</c> (long, the row number), <c>text</c> (string) and <c>label</c> (long).</summary>
    public Table ToTable() => new(
        [
            new Int64Column("id", [.. Enumerable.Range(0, Count).Select(i => (long?)i)]),
            new StringColumn("text", Texts),
            new Int64Column("label", [.. Labels.Select(l => (long?)l)]),
        ],
        $"synthetic {Name}");

    /// <summary>
    /// Writes the dataset as CSV with the columns of <see cref="ToTable"/>, written to a temporary name beside the
    /// file and renamed into place.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SyntheticCsv.Write(path, ["id", "text", "label"], Count, (row, fields) =>
        {
            fields.Add(row.ToString(CultureInfo.InvariantCulture));
            fields.Add(Texts[row]);
            fields.Add(Labels[row].ToString(CultureInfo.InvariantCulture));
        });
    }
}
