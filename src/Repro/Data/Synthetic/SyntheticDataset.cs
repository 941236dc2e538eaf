using System.Globalization;

namespace Repro.Data.Synthetic;

/// <summary>
/// A generated numeric dataset: one feature vector per row and either a class label (classification,
/// clustering) or a real-valued target (regression). Made by <see cref="SyntheticData"/>; the same seed and
/// path give bit-identical contents.
/// </summary>
/// <remarks>
/// The arrays are the dataset's own, handed out without copying so that small from-scratch models can index
/// them directly; a caller that changes them changes the dataset. The row number is the dataset's stable key:
/// <see cref="ToTable"/> and <see cref="WriteCsv"/> write it as the <c>id</c> column.
/// </remarks>
public sealed class SyntheticDataset
{
    internal SyntheticDataset(string name, double[][] features, int[]? labels, int classCount, double[]? targets,
        double[]? trueCoefficients = null, double trueIntercept = 0)
    {
        Name = name;
        Features = features;
        Labels = labels;
        ClassCount = classCount;
        Targets = targets;
        TrueCoefficients = trueCoefficients;
        TrueIntercept = trueIntercept;
        FeatureCount = features.Length == 0 ? 0 : features[0].Length;
        FeatureNames = [.. Enumerable.Range(0, FeatureCount).Select(j => string.Create(CultureInfo.InvariantCulture, $"x{j}"))];
    }

    /// <summary>The generator that made the dataset, such as <c>"moons"</c>.</summary>
    public string Name { get; }

    /// <summary>The feature vectors, one array of <see cref="FeatureCount"/> values per row.</summary>
    public double[][] Features { get; }

    /// <summary>The class of each row, in [0, <see cref="ClassCount"/>); null for a regression dataset.</summary>
    public int[]? Labels { get; }

    /// <summary>The number of classes; 0 for a regression dataset.</summary>
    public int ClassCount { get; }

    /// <summary>The real-valued target of each row; null for a classification dataset.</summary>
    public double[]? Targets { get; }

    /// <summary>
    /// For <see cref="SyntheticData.LinearRegression"/>: the coefficients the targets were made from, before noise
    /// (target = <see cref="TrueIntercept"/> + Σ coefficient_j · x_j + noise). Null for the other generators.
    /// </summary>
    public IReadOnlyList<double>? TrueCoefficients { get; }

    /// <summary>For <see cref="SyntheticData.LinearRegression"/>: the intercept the targets were made from; otherwise 0.</summary>
    public double TrueIntercept { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Features.Length;

    /// <summary>The number of features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>The feature column names: <c>x0</c>, <c>x1</c>, ...</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>True when the rows have class labels, false when they have regression targets.</summary>
    public bool IsClassification => Labels is not null;

    /// <summary>How many rows each class has, indexed by class; empty for a regression dataset.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels ?? [])
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>A dataset of the given rows, in the given order (rows may repeat); the arrays of each row are shared, not copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside the dataset.</exception>
    public SyntheticDataset Select(ReadOnlySpan<int> rows)
    {
        var features = new double[rows.Length][];
        var labels = Labels is null ? null : new int[rows.Length];
        var targets = Targets is null ? null : new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if ((uint)row >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row {row} is outside the dataset '{Name}', which has {Count} rows.");
            }

            features[i] = Features[row];
            labels?[i] = Labels![row];
            targets?[i] = Targets![row];
        }

        return new SyntheticDataset(Name, features, labels, ClassCount, targets, TrueCoefficients is null ? null : [.. TrueCoefficients], TrueIntercept);
    }

    /// <summary>
    /// The dataset as a <see cref="Table"/>: an <c>id</c> column (the row number, a stable key for
    /// <see cref="Splits.SplitAssignment"/>), one double column per feature (<c>x0</c>, <c>x1</c>, ...), then
    /// <c>label</c> (long) or <c>target</c> (double).
    /// </summary>
    public Table ToTable()
    {
        var columns = new List<Column> { new Int64Column("id", [.. Enumerable.Range(0, Count).Select(i => (long?)i)]) };
        for (var j = 0; j < FeatureCount; j++)
        {
            var values = new double[Count];
            for (var i = 0; i < Count; i++)
            {
                values[i] = Features[i][j];
            }

            columns.Add(new DoubleColumn(FeatureNames[j], values, null));
        }

        columns.Add(Labels is not null
            ? new Int64Column("label", [.. Labels.Select(l => (long?)l)])
            : new DoubleColumn("target", (double[])Targets!.Clone(), null));
        return new Table(columns, $"synthetic {Name}");
    }

    /// <summary>
    /// Writes the dataset as CSV with the columns of <see cref="ToTable"/>; doubles in round-trip notation, so
    /// <see cref="CsvTable.Load(string, CsvOptions?)"/> reads back the same bits (and the same <see cref="Table.Fingerprint"/>). The file is
    /// written to a temporary name beside it and renamed into place, so readers never see half a file.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new List<string> { "id" };
        header.AddRange(FeatureNames);
        header.Add(Labels is null ? "target" : "label");
        SyntheticCsv.Write(path, header, Count, (row, fields) =>
        {
            fields.Add(row.ToString(CultureInfo.InvariantCulture));
            foreach (var value in Features[row])
            {
                fields.Add(SyntheticCsv.FormatDouble(value));
            }

            fields.Add(Labels is not null
                ? Labels[row].ToString(CultureInfo.InvariantCulture)
                : SyntheticCsv.FormatDouble(Targets![row]));
        });
    }
}
