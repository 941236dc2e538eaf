using System.Text;
using System.Text.Json;
using Repro.Data;
using Repro.Data.Splits;
using Repro.Storage;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Data;

public sealed class DataRunExtensionsTests
{
    private readonly InMemoryRunStore _store = new();

    private IReadOnlyDictionary<string, string> Tags => _store.GetRunData(_store.SearchRuns(new RunQuery()).Single().Id).Tags;

    [Fact]
    public void A_dataset_is_recorded_with_fingerprint_rows_and_schema()
    {
        var table = CsvTable.Parse("id,x,ok,name\n1,0.5,true,a\n2,1.5,false,b\n");

        using (var run = StartRun())
        {
            run.LogDataset("train", table);
        }

        using var json = JsonDocument.Parse(Tags["repro.dataset.train"]);
        var root = json.RootElement;
        Assert.Equal(table.Fingerprint, root.GetProperty("fingerprint").GetString());
        Assert.Equal(2, root.GetProperty("rows").GetInt32());
        Assert.Equal(4, root.GetProperty("column_count").GetInt32());
        Assert.Equal(
            ["id:long", "x:double", "ok:bool", "name:string"],
            root.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("type").GetString()}"));
        Assert.False(root.TryGetProperty("columns_truncated", out _));
    }

    [Fact]
    public void A_schema_too_wide_for_a_tag_lists_the_columns_that_fit_and_says_so()
    {
        var header = string.Join(',', Enumerable.Range(0, 600).Select(i => $"feature_with_a_long_name_{i:000}"));
        var row = string.Join(',', Enumerable.Range(0, 600).Select(i => "1"));
        var table = CsvTable.Parse($"{header}\n{row}\n");

        string value;
        using (var run = StartRun())
        {
            value = run.LogDataset("wide", table);
        }

        using var json = JsonDocument.Parse(value);
        Assert.True(value.Length <= TrackingLimits.MaxTagValueLength);
        Assert.True(json.RootElement.GetProperty("columns_truncated").GetBoolean());
        Assert.Equal(600, json.RootElement.GetProperty("column_count").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("columns").GetArrayLength(), 1, 599);
    }

    [Fact]
    public void A_split_is_recorded_with_counts_per_fold_and_class_and_key_digests()
    {
        var table = CsvTable.Parse(new StringBuilder("id,label\n").AppendJoin("", Enumerable.Range(0, 20).Select(i => $"{i},{(i % 4 == 0 ? "pos" : "neg")}\n")).ToString());
        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", StratifyColumn = "label", Salt = "s1" });

        using (var run = StartRun())
        {
            run.LogSplit("main", split);
        }

        using var json = JsonDocument.Parse(Tags["repro.split.main"]);
        var root = json.RootElement;
        Assert.Equal("stratified", root.GetProperty("method").GetString());
        Assert.Equal("id", root.GetProperty("key").GetString());
        Assert.Equal("s1", root.GetProperty("salt").GetString());
        Assert.Equal("label", root.GetProperty("stratify").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("group").ValueKind);
        Assert.Equal(table.Fingerprint, root.GetProperty("dataset_fingerprint").GetString());
        var folds = root.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(["train", "validation", "test"], folds.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([16, 2, 2], folds.Select(f => f.GetProperty("rows").GetInt32()));
        Assert.Equal([4, 0, 1], folds.Select(f => f.GetProperty("classes").GetProperty("pos").GetInt32()));
        Assert.Equal(split.Folds.Select(f => f.KeyDigest), folds.Select(f => f.GetProperty("key_digest").GetString()));
        Assert.Equal(0.8, folds[0].GetProperty("fraction").GetDouble());
    }

    [Fact]
    public void Per_class_counts_too_many_for_a_tag_are_left_out_and_flagged()
    {
        var table = CsvTable.Parse("id,label\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"{i},class_{i:000}\n")));
        var split = SplitAssignment.Create(table, new SplitOptions { KeyColumn = "id", LabelColumn = "label" });

        string value;
        using (var run = StartRun())
        {
            value = run.LogSplit("wide", split);
        }

        using var json = JsonDocument.Parse(value);
        Assert.True(json.RootElement.GetProperty("classes_truncated").GetBoolean());
        Assert.False(json.RootElement.GetProperty("folds")[0].TryGetProperty("classes", out _));
    }

    [Fact]
    public void An_invalid_name_is_rejected_before_anything_is_written()
    {
        using var run = StartRun();

        Assert.Throws<InvalidRunDataException>(() => run.LogDataset("bad:name", CsvTable.Parse("a\n1\n")));
        Assert.DoesNotContain(Tags.Keys, key => key.StartsWith("repro.dataset.", StringComparison.Ordinal));
    }

    private Run StartRun() => Run.Start(new RunOptions
    {
        Store = _store,
        Seed = 1,
        AttachToEnvironment = false,
        HandleProcessEvents = false,
    });
}
