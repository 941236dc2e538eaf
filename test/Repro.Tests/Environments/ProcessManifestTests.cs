using System.Text.Json;
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
