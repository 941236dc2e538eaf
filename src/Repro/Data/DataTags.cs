namespace Repro.Data;

/// <summary>The tags under which a run records the datasets it read and the splits it made.</summary>
public static class DataTags
{
    /// <summary>
    /// Prefix of a dataset's tag, <c>repro.dataset.NAME</c>. Value: JSON
    /// <c>{"fingerprint": "blake3:…", "rows": N, "column_count": C, "columns": [{"name": …, "type": "long|double|bool|string"}, …]}</c>;
    /// when the columns do not fit the 8000-character tag limit, as many as fit are listed and <c>"columns_truncated": true</c> is added.
    /// </summary>
    public const string DatasetPrefix = "repro.dataset.";

    /// <summary>
    /// Prefix of a split's tag, <c>repro.split.NAME</c>. Value: JSON
    /// <c>{"method", "key", "salt", "stratify", "group", "time", "label", "dataset_fingerprint", "rows",
    /// "folds": [{"name", "fraction", "rows", "classes": {CLASS: N, …}, "key_digest"}, …]}</c>; unused columns are null.
    /// When per-class counts do not fit the 8000-character tag limit they are left out and <c>"classes_truncated": true</c> is added.
    /// </summary>
    public const string SplitPrefix = "repro.split.";
}
