using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Repro.MLNet;

/// <summary>
/// Reads the columns of data ML.NET scored (labels, scores, probabilities, ids) into arrays, in one pass and
/// row order, checking their presence and types so that a mistake gets a message naming the column.
/// </summary>
internal static class ScoredData
{
    /// <summary>Whether the data has at least one row (counted without reading a row when the data knows its count).</summary>
    public static bool HasRows(IDataView data)
    {
        if (data.GetRowCount() is { } count)
        {
            return count > 0;
        }

        using var cursor = data.GetRowCursor([]);
        return cursor.MoveNext();
    }

    /// <summary>The visible columns and their types, such as <c>'Label' (Boolean), 'Score' (Single)</c>.</summary>
    public static string DescribeColumns(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"));

    /// <summary>A column of the data, or a clear error naming its role and the columns there are.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return schema.GetColumnOrNull(name) is { IsHidden: false } column
            ? column
            : throw new MLNetDataException($"The data has no {role} column '{name}'; its columns are {DescribeColumns(schema)}. Name the right column in the call.");
    }

    /// <summary>Binary rows: 0/1 labels from a Boolean column, probabilities and (optionally) raw scores from Single columns.</summary>
    public static BinaryRows ReadBinary(IDataView data, string labelName, string probabilityName, string? scoreName, string? idName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = RequireType(data.Schema, labelName, "label", BooleanDataViewType.Instance, "Boolean (binary labels are true/false)");
        var probability = RequireType(data.Schema, probabilityName, "probability", NumberDataViewType.Single, "Single (a calibrated trainer's probability of true)");
        DataViewSchema.Column? score = scoreName is null ? null : RequireType(data.Schema, scoreName, "score", NumberDataViewType.Single, "Single");
        var id = idName is null ? (DataViewSchema.Column?)null : Require(data.Schema, idName, "id");
        var labels = new List<int>();
        var probabilities = new List<double>();
        var scores = new List<double>();
        var ids = id is null ? null : new List<string>();
        using var cursor = data.GetRowCursor(new[] { label, probability, score, id }.OfType<DataViewSchema.Column>());
        var getLabel = cursor.GetGetter<bool>(label);
        var getProbability = cursor.GetGetter<float>(probability);
        var getScore = score is { } s ? cursor.GetGetter<float>(s) : null;
        var getId = id is { } i ? IdGetter(cursor, i) : null;
        bool labelValue = default;
        float value = default;
        while (cursor.MoveNext())
        {
            var row = labels.Count;
            getLabel(ref labelValue);
            labels.Add(labelValue ? 1 : 0);
            getProbability(ref value);
            probabilities.Add(RequireFinite(value, row, probabilityName));
            if (getScore is not null)
            {
                getScore(ref value);
                scores.Add(RequireFinite(value, row, scoreName!));
            }

            ids?.Add(getId!());
        }

        return new BinaryRows([.. labels], [.. probabilities], [.. scores], ids);
    }

    /// <summary>Multiclass rows: class indexes from a key label column, and the row-major score matrix.</summary>
    public static MulticlassRows ReadMulticlass(IDataView data, string labelName, string scoreName, string? idName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = Require(data.Schema, labelName, "label");
        if (label.Type is not KeyDataViewType { RawType: var keyRaw } || keyRaw != typeof(uint))
        {
            throw new MLNetDataException($"The label column '{labelName}' is {label.Type}, not a key: multiclass labels must be mapped to keys " +
                "(MapValueToKey) before training and scoring.");
        }

        var score = Require(data.Schema, scoreName, "score");
        if (score.Type is not VectorDataViewType { ItemType: var item, Size: > 1 and var width } || item != NumberDataViewType.Single)
        {
            throw new MLNetDataException($"The score column '{scoreName}' is {score.Type}, not a vector of per-class Single scores.");
        }

        var classCount = (ulong)width;
        var keyCount = ((KeyDataViewType)label.Type).Count;
        if (keyCount != classCount)
        {
            throw new MLNetDataException($"The label column '{labelName}' has {keyCount} classes but the score column '{scoreName}' has {width} slots: " +
                "score the data with the model trained on this label mapping.");
        }

        var id = idName is null ? (DataViewSchema.Column?)null : Require(data.Schema, idName, "id");
        var labels = new List<int>();
        var scores = new List<double>();
        var ids = id is null ? null : new List<string>();
        using var cursor = data.GetRowCursor(new[] { label, score, id }.OfType<DataViewSchema.Column>());
        var getLabel = cursor.GetGetter<uint>(label);
        var getScores = cursor.GetGetter<VBuffer<float>>(score);
        var getId = id is { } i ? IdGetter(cursor, i) : null;
        uint key = default;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            var row = labels.Count;
            getLabel(ref key);
            if (key == 0 || key > (ulong)width)
            {
                throw new MLNetDataException($"Row {row}: the label is missing (a value the label mapping did not know); every row needs one of the {width} classes.");
            }

            labels.Add((int)key - 1);
            getScores(ref buffer);
            foreach (var v in buffer.DenseValues())
            {
                scores.Add(RequireFinite(v, row, scoreName));
            }

            ids?.Add(getId!());
        }

        return new MulticlassRows([.. labels], [.. scores], ClassNames(label, score, width), ids);
    }

    /// <summary>Regression rows: true values and estimates from Single columns.</summary>
    public static RegressionRows ReadRegression(IDataView data, string labelName, string scoreName, string? idName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = RequireType(data.Schema, labelName, "label", NumberDataViewType.Single, "Single");
        var score = RequireType(data.Schema, scoreName, "score", NumberDataViewType.Single, "Single");
        var id = idName is null ? (DataViewSchema.Column?)null : Require(data.Schema, idName, "id");
        var targets = new List<double>();
        var estimates = new List<double>();
        var ids = id is null ? null : new List<string>();
        using var cursor = data.GetRowCursor(new[] { label, score, id }.OfType<DataViewSchema.Column>());
        var getLabel = cursor.GetGetter<float>(label);
        var getScore = cursor.GetGetter<float>(score);
        var getId = id is { } i ? IdGetter(cursor, i) : null;
        float value = default;
        while (cursor.MoveNext())
        {
            var row = targets.Count;
            getLabel(ref value);
            targets.Add(RequireFinite(value, row, labelName));
            getScore(ref value);
            estimates.Add(RequireFinite(value, row, scoreName));
            ids?.Add(getId!());
        }

        return new RegressionRows([.. targets], [.. estimates], ids);
    }

    /// <summary>
    /// Clustering rows: features (row-major), the cluster each row is assigned to (the lowest score, the first on
    /// ties, as ML.NET assigns), and the class of each row when a label column is named (key k is class k - 1, or a
    /// Single holding a whole number from 0).
    /// </summary>
    public static ClusteringRows ReadClustering(IDataView data, string featureName, string scoreName, string? labelName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = Require(data.Schema, featureName, "feature");
        if (features.Type is not VectorDataViewType { ItemType: var featureItem, Size: > 0 and var dimension } || featureItem != NumberDataViewType.Single)
        {
            throw new MLNetDataException($"The feature column '{featureName}' is {features.Type}, not a vector of Single of known size.");
        }

        var score = Require(data.Schema, scoreName, "score");
        if (score.Type is not VectorDataViewType { ItemType: var scoreItem, Size: > 0 and var clusters } || scoreItem != NumberDataViewType.Single)
        {
            throw new MLNetDataException($"The score column '{scoreName}' is {score.Type}, not a vector of per-cluster Single distances.");
        }

        var label = labelName is null ? (DataViewSchema.Column?)null : Require(data.Schema, labelName, "label");
        var values = new List<double>();
        var assigned = new List<int>();
        var classes = label is null ? null : new List<int>();
        using var cursor = data.GetRowCursor(new[] { features, score, label }.OfType<DataViewSchema.Column>());
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getScores = cursor.GetGetter<VBuffer<float>>(score);
        var getClass = label is { } l ? ClassGetter(cursor, l) : null;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            var row = assigned.Count;
            getFeatures(ref buffer);
            foreach (var v in buffer.DenseValues())
            {
                values.Add(RequireFinite(v, row, featureName));
            }

            getScores(ref buffer);
            var best = 0;
            var k = 0;
            var lowest = float.PositiveInfinity;
            foreach (var v in buffer.DenseValues())
            {
                RequireFinite(v, row, scoreName);
                if (v < lowest)
                {
                    (lowest, best) = (v, k);
                }

                k++;
            }

            assigned.Add(best);
            classes?.Add(getClass!(row));
        }

        return new ClusteringRows([.. values], dimension, [.. assigned], clusters, classes is null ? null : [.. classes]);
    }

    /// <summary>A column that must exist with one type.</summary>
    public static DataViewSchema.Column RequireType(DataViewSchema schema, string name, string role, DataViewType type, string expected)
    {
        var column = Require(schema, name, role);
        return column.Type.Equals(type)
            ? column
            : throw new MLNetDataException($"The {role} column '{name}' is {column.Type}; it must be {expected}.");
    }

    public static double RequireFinite(float value, int row, string column) =>
        float.IsFinite(value)
            ? value
            : throw new MLNetDataException($"Row {row}: column '{column}' holds {value.ToString(CultureInfo.InvariantCulture)}, not a finite number.");

    private static string[] ClassNames(DataViewSchema.Column label, DataViewSchema.Column score, int width)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        if (score.HasSlotNames())
        {
            score.GetSlotNames(ref names);
        }
        else if (label.HasKeyValues(TextDataViewType.Instance))
        {
            label.GetKeyValues(ref names);
        }

        var result = names.Length == width ? names.DenseValues().Select(n => n.ToString()).ToArray() : [];
        return result.Length == width && result.All(n => n.Length > 0) && result.Distinct(StringComparer.Ordinal).Count() == width
            ? result
            : [.. Enumerable.Range(0, width).Select(k => k.ToString(CultureInfo.InvariantCulture))];
    }

    private static Func<int, int> ClassGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is KeyDataViewType { RawType: var raw } && raw == typeof(uint))
        {
            var getKey = cursor.GetGetter<uint>(column);
            uint key = default;
            return row =>
            {
                getKey(ref key);
                return key > 0
                    ? (int)(key - 1)
                    : throw new MLNetDataException($"Row {row}: the label '{column.Name}' is missing; every row needs a class to compare clusters with.");
            };
        }

        if (column.Type.Equals(NumberDataViewType.Single))
        {
            var getValue = cursor.GetGetter<float>(column);
            float value = default;
            return row =>
            {
                getValue(ref value);
                return value >= 0 && value <= int.MaxValue && value == MathF.Floor(value)
                    ? (int)value
                    : throw new MLNetDataException($"Row {row}: the label '{column.Name}' is {value.ToString(CultureInfo.InvariantCulture)}, not a class number (a whole number from 0).");
            };
        }

        throw new MLNetDataException($"The label column '{column.Name}' is {column.Type}; clustering labels must be keys or Single class numbers.");
    }

    private static Func<string> IdGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> text = default;
            return () =>
            {
                get(ref text);
                return text.ToString();
            };
        }

        return column.Type.RawType switch
        {
            var t when t == typeof(int) => Format<int>(cursor, column),
            var t when t == typeof(long) => Format<long>(cursor, column),
            var t when t == typeof(uint) => Format<uint>(cursor, column),
            var t when t == typeof(ulong) => Format<ulong>(cursor, column),
            _ => throw new MLNetDataException($"The id column '{column.Name}' is {column.Type}; ids must be text or integers."),
        };
    }

    private static Func<string> Format<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
        where T : IFormattable
    {
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            return value.ToString(null, CultureInfo.InvariantCulture);
        };
    }
}
