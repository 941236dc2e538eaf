using System.Diagnostics;
using System.Globalization;
using Blake3;
using Repro.Artifacts;

namespace Repro.Benchmarks;

/// <summary>
/// <c>hash [--mib 1024] [--repeat 5]</c>: BLAKE3 of one file in the page cache, Repro's
/// <see cref="ContentDigest.OfFile"/> (one thread: see its remarks) beside <c>b3sum</c>
/// (one thread and all threads) and the managed package on one thread, in the same run. Median of the repeats.
/// </summary>
internal static class HashComparison
{
    public static int Run(string[] args)
    {
        var mib = Option(args, "--mib", 1024);
        var repeat = Option(args, "--repeat", 5);
        using var folder = new TempFolder("repro-hash-");
        var path = folder.File("data.bin");
        WriteFile(path, (long)mib << 20);
        var bytes = (long)mib << 20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Hash: a {mib} MiB file in the page cache; {Environment.ProcessorCount} cores; median of {repeat}."));

        var expected = ContentDigest.OfFile(path);
        var b3sum = FindOnPath("b3sum");
        var rows = new List<(string Name, double Seconds, string Digest)>
        {
            ("repro ContentDigest.OfFile (1 thread)", Median(repeat, () => ContentDigest.OfFile(path), out var ours), ours),
            ("managed Blake3 Hasher.Update, 1 thread", Median(repeat, () => OneThread(path), out var single), single),
        };
        if (b3sum is not null)
        {
            rows.Add(("b3sum --num-threads 1", Median(repeat, () => B3sum(b3sum, path, "--num-threads=1"), out var b1), b1));
            rows.Add(("b3sum (all threads)", Median(repeat, () => B3sum(b3sum, path, null), out var bn), bn));
        }

        foreach (var (name, seconds, digest) in rows)
        {
            var same = digest == expected ? "same digest" : "DIGEST DIFFERS: " + digest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {bytes / seconds / 1e9,6:F2} GB/s   {same}"));
        }

        var oursRate = bytes / rows[0].Seconds / 1e9;
        var peer = rows.Count > 3 ? rows[3] : rows[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio  repro / {peer.Name}: {peer.Seconds / rows[0].Seconds,5:F2}x{(b3sum is null ? " (b3sum not installed: the peer is the managed one-thread hasher)" : string.Empty)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target >= 4 GB/s: {(oursRate >= 4 ? "met" : "MISSED")}"));
        return rows.All(r => r.Digest == expected) ? 0 : 1;
    }

    private static string OneThread(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hasher = Hasher.New();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hasher.Update(buffer.AsSpan(0, read));
        }

        return ContentDigest.Format(hasher.Finalize());
    }

    private static string B3sum(string exe, string path, string? threads)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true };
        if (threads is not null)
        {
            info.ArgumentList.Add(threads);
        }

        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return ContentDigest.Prefix + output.Split(' ')[0];
    }

    private static double Median(int repeat, Func<string> action, out string digest)
    {
        digest = action();
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            digest = action();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void WriteFile(string path, long length)
    {
        var buffer = new byte[1 << 20];
        var state = 0x9E3779B97F4A7C15UL;
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (long written = 0; written < length; written += buffer.Length)
        {
            for (var i = 0; i < buffer.Length; i += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                BitConverter.TryWriteBytes(buffer.AsSpan(i), state);
            }

            stream.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
        }
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    internal static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
