using System.Globalization;

namespace Repro.Profiling;

/// <summary>
/// The phase table of a profile as plain text: the whole run, then each phase path (repeated phases
/// summed, their count shown) indented by depth, in the order each path first started.
/// </summary>
internal static class PhaseTable
{
    /// <summary>The column titles.</summary>
    public static readonly string[] Columns = ["Phase", "Count", "Wall s", "% run", "CPU user s", "CPU sys s", "Alloc MB", "GC 0/1/2", "GC pause ms", "Peak RSS MB"];

    /// <summary>One row per phase path, after a first row for the whole run.</summary>
    public static IReadOnlyList<string[]> Rows(RunProfile profile)
    {
        var rows = new List<string[]> { Row(profile.Run.Name, 1, profile.Run, profile.Run.WallSeconds) };
        foreach (var (record, count) in Aggregate(profile.Phases))
        {
            rows.Add(Row(new string(' ', 2 * (record.Depth + 1)) + record.Name, count, record, profile.Run.WallSeconds));
        }

        return rows;
    }

    /// <summary>The table as aligned plain-text lines.</summary>
    public static IReadOnlyList<string> Lines(RunProfile profile)
    {
        var rows = Rows(profile);
        var widths = Columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        var lines = new List<string> { Format(Columns, widths) };
        lines.AddRange(rows.Select(r => Format(r, widths)));
        if (profile.DroppedPhases > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"({profile.DroppedPhases} more phase occurrences are counted in the run but not listed)"));
        }

        return lines;
    }

    /// <summary>Phases summed by path, in the order each path first started.</summary>
    public static IReadOnlyList<(PhaseRecord Total, int Count)> Aggregate(IReadOnlyList<PhaseRecord> phases)
    {
        var byPath = new Dictionary<string, (PhaseRecord Total, int Count)>(StringComparer.Ordinal);
        foreach (var phase in phases.OrderBy(p => p.StartSeconds))
        {
            byPath[phase.Path] = byPath.TryGetValue(phase.Path, out var sum)
                ? (sum.Total with
                {
                    WallSeconds = sum.Total.WallSeconds + phase.WallSeconds,
                    CpuUserSeconds = sum.Total.CpuUserSeconds + phase.CpuUserSeconds,
                    CpuSystemSeconds = sum.Total.CpuSystemSeconds + phase.CpuSystemSeconds,
                    AllocatedBytes = sum.Total.AllocatedBytes + phase.AllocatedBytes,
                    Gen0Collections = sum.Total.Gen0Collections + phase.Gen0Collections,
                    Gen1Collections = sum.Total.Gen1Collections + phase.Gen1Collections,
                    Gen2Collections = sum.Total.Gen2Collections + phase.Gen2Collections,
                    GcPauseSeconds = sum.Total.GcPauseSeconds + phase.GcPauseSeconds,
                    PeakRssBytes = Math.Max(sum.Total.PeakRssBytes, phase.PeakRssBytes),
                }, sum.Count + 1)
                : (phase, 1);
        }

        // Parents start before their children, so start order keeps each path under its parent.
        return [.. byPath.Values.OrderBy(v => v.Total.StartSeconds)];
    }

    private static string[] Row(string label, int count, PhaseRecord r, double runWall) =>
    [
        label,
        count.ToString(CultureInfo.InvariantCulture),
        Seconds(r.WallSeconds),
        runWall > 0 ? (100 * r.WallSeconds / runWall).ToString("0.0", CultureInfo.InvariantCulture) : "-",
        Seconds(r.CpuUserSeconds),
        Seconds(r.CpuSystemSeconds),
        (r.AllocatedBytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{r.Gen0Collections}/{r.Gen1Collections}/{r.Gen2Collections}"),
        (r.GcPauseSeconds * 1000).ToString("0.0", CultureInfo.InvariantCulture),
        (r.PeakRssBytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture),
    ];

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
}
