using System.Text.Json;
using Repro.Profiling;
using Repro.Tests.Storage;
using Repro.Tracking;

namespace Repro.Tests.Profiling;

public sealed class PhaseScopeTests
{
    private static Run StartRun(InMemoryRunStore store, bool sample = false) => Run.Start(new RunOptions
    {
        Store = store,
        HandleProcessEvents = false,
        CaptureEnvironment = false,
        PrintPhaseTable = false,
        Sampler = new SamplerOptions { Enabled = sample },
        EnvironmentReader = _ => null,
    });

    [Fact]
    public void Nested_phases_are_recorded_with_their_paths_and_stored_with_the_run_when_it_ends()
    {
        var store = new InMemoryRunStore();
        var run = StartRun(store);

        using (run.Phase("train"))
        {
            for (var epoch = 0; epoch < 3; epoch++)
            {
                using var _ = run.Phase("epoch");
            }
        }

        using (run.Phase("evaluate"))
        {
        }

        run.Dispose();

        var profile = RunProfile.Load(store, run.Id)!;
        Assert.Equal(1, profile.Version);
        Assert.Equal("library", profile.Source);
        Assert.Equal(["train/epoch", "train/epoch", "train/epoch", "train", "evaluate"], profile.Phases.Select(p => p.Path));
        Assert.Equal([1, 1, 1, 0, 0], profile.Phases.Select(p => p.Depth));
        var aggregated = PhaseTable.Aggregate(profile.Phases);
        Assert.Equal([("train", 1), ("train/epoch", 3), ("evaluate", 1)], aggregated.Select(a => (a.Total.Path, a.Count)));
        var train = profile.Phases.Single(p => p.Path == "train");
        Assert.All(profile.Phases.Where(p => p.Depth == 1), epoch => Assert.InRange(epoch.StartSeconds, train.StartSeconds, train.StartSeconds + train.WallSeconds));
    }

    [Fact]
    public void A_phase_measures_the_bytes_allocated_and_the_memory_touched_inside_it()
    {
        var store = new InMemoryRunStore();
        var run = StartRun(store);
        byte[] buffer;

        using (run.Phase("load"))
        {
            buffer = new byte[64 * 1024 * 1024];
            Array.Fill(buffer, (byte)1);
        }

        run.Dispose();
        GC.KeepAlive(buffer);

        var load = Assert.Single(RunProfile.Load(store, run.Id)!.Phases);
        Assert.True(load.AllocatedBytes >= buffer.Length, $"allocated {load.AllocatedBytes}");
        Assert.True(load.PeakRssBytes >= buffer.Length, $"peak {load.PeakRssBytes}");
        Assert.True(load.CpuUserSeconds + load.CpuSystemSeconds >= 0);
    }

    [Fact]
    public void A_phase_gives_its_measurements_once_it_has_ended_the_same_the_profile_stores()
    {
        var store = new InMemoryRunStore();
        var run = StartRun(store);
        var phase = run.Phase("load");
        var openRecord = phase.Record;
        var buffer = new byte[32 * 1024 * 1024];
        Array.Fill(buffer, (byte)1);

        phase.Dispose();
        var record = phase.Record;
        phase.Dispose();
        run.Dispose();
        GC.KeepAlive(buffer);

        Assert.Null(openRecord);
        Assert.NotNull(record);
        Assert.Same(record, phase.Record);
        Assert.Equal(("load", "load", 0), (record.Name, record.Path, record.Depth));
        Assert.True(record.AllocatedBytes >= buffer.Length, $"allocated {record.AllocatedBytes}");
        Assert.True(record.PeakRssBytes >= buffer.Length, $"peak {record.PeakRssBytes}");
        var stored = Assert.Single(RunProfile.Load(store, run.Id)!.Phases);
        Assert.Equal((stored.AllocatedBytes, stored.PeakRssBytes, stored.Gen0Collections), (record.AllocatedBytes, record.PeakRssBytes, record.Gen0Collections));
    }

    [Fact]
    public void A_nested_phase_gives_its_own_path_and_its_parent_stays_open_until_disposed()
    {
        var store = new InMemoryRunStore();
        using var run = StartRun(store);
        using var outer = run.Phase("train");
        var inner = run.Phase("epoch");

        inner.Dispose();

        Assert.Equal("train/epoch", inner.Record?.Path);
        Assert.Null(outer.Record);
    }

    [Fact]
    public async Task Phases_nest_across_awaits()
    {
        var store = new InMemoryRunStore();
        var run = StartRun(store);

        async Task Outer()
        {
            using var _ = run.Phase("outer");
            await Task.Yield();
            using var inner = run.Phase("inner");
            await Task.Yield();
        }

        await Outer();
        using (run.Phase("after"))
        {
        }

        run.Dispose();

        Assert.Equal(["outer/inner", "outer", "after"], RunProfile.Load(store, run.Id)!.Phases.Select(p => p.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public void A_phase_name_that_is_empty_or_holds_a_slash_is_rejected(string name)
    {
        var store = new InMemoryRunStore();
        using var run = StartRun(store);

        Assert.Throws<ArgumentException>(() => run.Phase(name));
    }

    [Fact]
    public void The_stored_profile_is_snake_case_json_with_the_fields_tools_read()
    {
        var store = new InMemoryRunStore();
        var run = StartRun(store, sample: true);
        using (run.Phase("train"))
        {
        }

        run.Dispose();

        using var json = JsonDocument.Parse(store.GetRunText(run.Id, RunProfile.TextName)!);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        foreach (var field in new[] { "wall_seconds", "cpu_user_seconds", "cpu_system_seconds", "peak_rss_bytes", "allocated_bytes", "gc_pause_seconds" })
        {
            Assert.True(root.GetProperty("run").TryGetProperty(field, out _), field);
            Assert.True(root.GetProperty("phases")[0].TryGetProperty(field, out _), field);
        }

        Assert.Equal(1.0, root.GetProperty("sampler").GetProperty("interval_seconds").GetDouble());
    }

    [Fact]
    public void The_phase_table_lists_the_run_then_each_path_indented()
    {
        var phases = new[]
        {
            new PhaseRecord("epoch", "train/epoch", 1, 0.1, 1.0, 0.9, 0.1, 1_000_000, 1, 0, 0, 0.002, 50_000_000),
            new PhaseRecord("epoch", "train/epoch", 1, 1.2, 1.0, 0.9, 0.1, 1_000_000, 1, 0, 0, 0.002, 70_000_000),
            new PhaseRecord("train", "train", 0, 0.0, 2.5, 2.0, 0.2, 3_000_000, 2, 1, 0, 0.004, 70_000_000),
        };
        var profile = new RunProfile(1, "library", new PhaseRecord("run", "run", 0, 0, 5.0, 4.0, 0.5, 9_000_000, 5, 1, 1, 0.01, 80_000_000), phases, 0, null);

        var lines = PhaseTable.Lines(profile);

        static string[] Cells(string line) => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(PhaseTable.Columns, Cells(lines[0]));
        Assert.Equal(["run", "1", "5.000", "100.0", "4.000", "0.500", "9.0", "5/1/1", "10.0", "80.0"], Cells(lines[1]));
        Assert.StartsWith("  train ", lines[2], StringComparison.Ordinal);
        Assert.Equal(["train", "1", "2.500", "50.0", "2.000", "0.200", "3.0", "2/1/0", "4.0", "70.0"], Cells(lines[2]));
        Assert.StartsWith("    epoch ", lines[3], StringComparison.Ordinal);
        Assert.Equal(["epoch", "2", "2.000", "40.0", "1.800", "0.200", "2.0", "2/0/0", "4.0", "70.0"], Cells(lines[3]));
    }
}
