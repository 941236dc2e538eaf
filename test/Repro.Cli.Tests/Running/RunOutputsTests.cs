using System.Text.Json;
using Repro.Cli.Running;
using Repro.Tracking;

namespace Repro.Cli.Tests.Running;

public sealed class RunOutputsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "repro-outputs-" + Guid.NewGuid().ToString("N"));

    public RunOutputsTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Links_are_not_followed()
    {
        File.WriteAllText(Path.Combine(_folder, "model.bin"), "weights");
        File.CreateSymbolicLink(Path.Combine(_folder, "latest.bin"), Path.Combine(_folder, "model.bin"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "loop"), _folder);

        var files = RunOutputs.Collect(_folder, warning => Assert.Fail(warning));

        Assert.Equal(["model.bin"], files.Select(f => f.Path));
        Assert.Equal(7, files[0].SizeBytes);
    }

    [Fact]
    public void A_list_too_long_for_a_tag_keeps_the_longest_prefix_that_fits()
    {
        var files = Enumerable.Range(0, 200)
            .Select(i => new OutputFile($"checkpoints/epoch-{i:000}.pt", i, "blake3:" + new string('0', 64)))
            .ToList();

        var (tag, complete) = RunOutputs.TagValue(files);

        Assert.False(complete);
        Assert.True(tag.Length <= TrackingLimits.MaxTagValueLength);
        var kept = JsonSerializer.Deserialize<JsonElement[]>(tag)!.Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(files.Take(kept.Count).Select(f => f.Path), kept);
        Assert.True(RunOutputs.ToJson(files.Take(kept.Count + 1)).Length > TrackingLimits.MaxTagValueLength);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
