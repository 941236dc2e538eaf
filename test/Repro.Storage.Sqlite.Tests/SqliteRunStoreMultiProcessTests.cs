using System.Globalization;
using Repro.Tracking;

namespace Repro.Storage.Sqlite.Tests;

/// <summary>Several processes share one embedded store at once (a sweep on one machine) and lose nothing.</summary>
public sealed class SqliteRunStoreMultiProcessTests : IDisposable
{
    private const int Processes = 8;
    private const int Points = 20_000;
    private const int Flushes = 8;

    private readonly string _folder = Directory.CreateTempSubdirectory("repro-multi-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Eight_processes_logging_to_one_store_at_once_lose_no_point_param_or_tag()
    {
        var storePath = Path.Combine(_folder, ".repro", "repro.db");
        SqliteRunStore.Create(storePath).Dispose();
        var children = new List<TestChildProcess>();
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                children.Add(TestChildProcess.Start("write", storePath, Points.ToString(CultureInfo.InvariantCulture), Flushes.ToString(CultureInfo.InvariantCulture)));
            }

            var ids = new List<RunId>();
            foreach (var child in children)
            {
                var line = child.ReadLine();
                Assert.True(line is not null && line.StartsWith("done ", StringComparison.Ordinal), $"Child said '{line}'. Its stderr: {child.Errors}");
                ids.Add(RunId.Parse(line["done ".Length..]));
                Assert.Equal(0, child.WaitForExit());
            }

            using var store = SqliteRunStore.Open(storePath);
            var runs = store.SearchRuns(new RunQuery());
            Assert.Equal(ids.Select(id => id.Value).Order(StringComparer.Ordinal), runs.Select(r => r.Id.Value).Order(StringComparer.Ordinal));
            foreach (var id in ids)
            {
                Assert.Equal(RunStatus.Finished, store.GetRun(id).Status);
                var data = store.GetRunData(id);
                Assert.Equal(Points.ToString(CultureInfo.InvariantCulture), data.Params["points"]);
                Assert.True(data.Params.ContainsKey("pid"));
                Assert.Equal("child", data.Tags["writer"]);
                Assert.Equal(Points.ToString(CultureInfo.InvariantCulture), data.Tags["progress"]);

                var steps = store.GetMetricHistory(id, "step_value");
                Assert.Equal(Points, steps.Count);
                for (var i = 0; i < steps.Count; i++)
                {
                    Assert.Equal(i, steps[i].Step);
                    Assert.Equal(i, steps[i].Value);
                }

                var even = store.GetMetricHistory(id, "even");
                Assert.Equal(Points / 2, even.Count);
                for (var i = 0; i < even.Count; i++)
                {
                    Assert.Equal(2 * i, even[i].Step);
                    Assert.Equal(i, even[i].Value);
                }
            }
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }
}
