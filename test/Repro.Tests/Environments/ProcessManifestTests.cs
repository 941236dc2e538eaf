using System.Text.Json;
using Repro.Data;
using Repro.Environments;
using Repro.Tests.Storage;
using Repro.Tests.Tracking;
using Repro.Tracking;

namespace Repro.Tests.Environments;

public sealed class ProcessManifestTests
{
    [Fact]
    public void A_run_started_in_process_records_its_manifest_and_this_process_command_line()
    {
        var store = new InMemoryRunStore();
        using (var run = Run.Start(new RunOptions { Store = store, TimeProvider = new ManualTimeProvider(), HandleProcessEvents = false, EnvironmentReader = _ => null }))
        {
            var manifest = ManifestCapture.Load(store, run.Id);

            Assert.NotNull(manifest);
            Assert.Equal("process", manifest.Command!.Source);
            var command = JsonSerializer.Deserialize<string[]>(store.GetRunData(run.Id).Tags[SystemTags.Command])!;
            Assert.Equal(Environment.ProcessPath, command[0]);
            Assert.Equal(manifest.Command.Args, command);
        }

        store.WriteGate.Dispose();
    }

    [Fact]
    public void Declared_datasets_appear_in_the_manifest_and_a_changed_one_is_a_numeric_drift()
    {
        var store = new InMemoryRunStore();
        RunId Train(string csv)
        {
            using var run = Run.Start(new RunOptions { Store = store, TimeProvider = new ManualTimeProvider(), HandleProcessEvents = false, EnvironmentReader = _ => null });
            run.LogDataset("train", CsvTable.Parse(csv));
            return run.Id;
        }

        var a = Train("x,y\n1,0\n2,1\n");
        var b = Train("x,y\n1,0\n2,0\n");
        var manifestA = ManifestCapture.Load(store, a)!;
        var changes = ManifestComparison.Compare(manifestA, ManifestCapture.Load(store, b)!);

        Assert.Equal($"{CsvTable.Parse("x,y\n1,0\n2,1\n").Fingerprint} (2 rows)", manifestA.Datasets!["train"]);
        var change = Assert.Single(changes, c => c.Section == "datasets");
        Assert.True(change.AffectsNumerics);
        Assert.Equal("train", change.Key);
        store.WriteGate.Dispose();
    }

    [Fact]
    public void Capture_can_be_turned_off()
    {
        var store = new InMemoryRunStore();
        using (var run = Run.Start(new RunOptions { Store = store, CaptureEnvironment = false, HandleProcessEvents = false, EnvironmentReader = _ => null }))
        {
            Assert.Null(ManifestCapture.Load(store, run.Id));
            Assert.False(store.GetRunData(run.Id).Tags.ContainsKey(SystemTags.Command));
        }

        store.WriteGate.Dispose();
    }
}
