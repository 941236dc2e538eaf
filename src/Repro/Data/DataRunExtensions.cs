using Repro.Data.Splits;
using Repro.Tracking;

namespace Repro.Data;

/// <summary>Records the datasets a run reads and the splits it makes, as tags (<see cref="DataTags"/>).</summary>
public static class DataRunExtensions
{
    /// <summary>
    /// Records a dataset as an input of the run: tag <c>repro.dataset.NAME</c> with its fingerprint, row count
    /// and schema. Computes the fingerprint (reads every cell once) unless already computed. Logging again replaces the record.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="name">The dataset's name in the run, such as "train" or "iris": letters, digits, '_', '-', '.', '/'.</param>
    /// <param name="table">The data.</param>
    /// <returns>The tag value written.</returns>
    /// <exception cref="InvalidRunDataException">The name makes an invalid tag key.</exception>
    public static string LogDataset(this Run run, string name, Table table)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(table);
        var key = DataTags.DatasetPrefix + name;
        TrackingLimits.ValidateKey("tag", key);
        var value = DataRecordJson.Dataset(table);
        run.SetTag(key, value);
        return value;
    }

    /// <summary>
    /// Records a split on the run: tag <c>repro.split.NAME</c> with its method, columns, salt, the split
    /// dataset's fingerprint, and per fold the target fraction, row count, counts per class and key digest.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="name">The split's name in the run, such as "main" or "cv5".</param>
    /// <param name="split">The split.</param>
    /// <returns>The tag value written.</returns>
    /// <exception cref="InvalidRunDataException">The name makes an invalid tag key.</exception>
    /// <exception cref="InvalidSplitException">The record does not fit a tag even without class counts.</exception>
    public static string LogSplit(this Run run, string name, SplitAssignment split)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(split);
        var key = DataTags.SplitPrefix + name;
        TrackingLimits.ValidateKey("tag", key);
        var value = DataRecordJson.Split(split);
        run.SetTag(key, value);
        return value;
    }
}
