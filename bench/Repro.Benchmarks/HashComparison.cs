using System.Diagnostics;
using System.Globalization;
using Blake3;
using Repro.Artifacts;
using Repro.Artifacts.Hashing;

namespace Repro.Benchmarks;

/// <summary>
/// <c>hash [--mib 1024] [--repeat 5]</c>: BLAKE3 of one file in the page cache. Repro's
/// <see cref="ContentDigest.OfFile"/> (all cores) beside <c>b3sum</c> (one thread and all threads), Repro's own
/// hasher on one thread, Repro's streaming path (1 MiB reads, as objects are stored) and the Blake3 package on
/// one thread, all in the same run; then each of Repro's
/// instruction-set paths on one thread over a buffer in memory. Every round runs every contender once
/// (interleaved, so a busy moment hurts all alike); the figure is the median round.
/// </summary>
internal static class HashComparison
{
    private const string B3sumOne = "b3sum --num-threads 1";
    private const string B3sumAll = "b3sum (all threads)";

    public static int Run(string[] args)
    {
        var mib = Option(args, "--mib", 1024);
        var repeat = Option(args, "--repeat", 5);
        using var folder = new TempFolder("repro-hash-");
        var path = folder.File("data.bin");
        WriteFile(path, (long)mib << 20);
        var bytes = (long)mib << 20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Hash: a {mib} MiB file in the page cache; {Environment.ProcessorCount} cores, {Blake3InstructionSet.Best}; median of {repeat}."));

        var expected = OneThread(path);
        var b3sum = FindOnPath("b3sum");
        var contenders = new List<(string Name, Func<string> Action)>
        {
            ($"repro ContentDigest.OfFile ({Environment.ProcessorCount} threads)", () => ContentDigest.OfFile(path)),
            ("repro Blake3Digest.HashFile, 1 thread", () => ReproOneThread(path)),
            ($"repro ContentDigest.Of(stream), 1 MiB reads", () => ReproStream(path)),
            ("Blake3 package Hasher.Update, 1 thread", () => OneThread(path)),
        };
        if (b3sum is not null)
        {
            contenders.Add((B3sumOne, () => B3sum(b3sum, path, "--num-threads=1")));
            contenders.Add((B3sumAll, () => B3sum(b3sum, path, null)));
        }

        var rows = Measure(contenders, repeat);
        foreach (var (name, seconds, digest) in rows)
        {
            var same = digest == expected ? "same digest" : "DIGEST DIFFERS: " + digest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {bytes / seconds / 1e9,6:F2} GB/s   {same}"));
        }

        var oursRate = bytes / rows[0].Seconds / 1e9;
        if (b3sum is not null)
        {
            var all = rows.Single(r => r.Name == B3sumAll).Seconds;
            var one = rows.Single(r => r.Name == B3sumOne).Seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio  repro / b3sum (all threads): {all / rows[0].Seconds,5:F2}x   repro / b3sum --num-threads 1: {one / rows[0].Seconds,5:F2}x"));
        }
        else
        {
            Console.WriteLine("ratio  b3sum not installed: no peer in this run");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target >= 4 GB/s: {(oursRate >= 4 ? "met" : "MISSED")}"));
        KernelRates(repeat);
        return rows.All(r => r.Digest == expected) ? 0 : 1;
    }

    /// <summary>Each instruction-set path on one thread over 64 MiB already in memory: the compression speed alone.</summary>
    private static void KernelRates(int repeat)
    {
        var buffer = new byte[64 << 20];
        new Span<byte>(buffer).Fill(0x5A);
        var contenders = new List<(string Name, Func<string> Action)>();
        foreach (var instructions in Enum.GetValues<Blake3Instructions>().Reverse())
        {
            if (Blake3InstructionSet.IsSupported(instructions))
            {
                var options = new Blake3Options(instructions, 1);
                contenders.Add(($"repro in memory, 1 thread, {instructions}", () =>
                {
                    var digest = new byte[32];
                    Blake3Digest.Hash(buffer, digest, options);
                    return Convert.ToHexStringLower(digest);
                }));
            }
        }

        contenders.Add(("Blake3 package in memory, 1 thread", () => Convert.ToHexStringLower(Hasher.Hash(buffer).AsSpan())));
        var rows = Measure(contenders, repeat);
        foreach (var (name, seconds, digest) in rows)
        {
            var same = digest == rows[^1].Digest ? "same digest" : "DIGEST DIFFERS: " + digest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {buffer.Length / seconds / 1e9,6:F2} GB/s   {same}"));
        }
    }

    private static List<(string Name, double Seconds, string Digest)> Measure(List<(string Name, Func<string> Action)> contenders, int repeat)
    {
        var digests = contenders.Select(c => c.Action()).ToArray();
        var times = contenders.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < repeat; round++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var watch = Stopwatch.StartNew();
                digests[i] = contenders[i].Action();
                times[i].Add(watch.Elapsed.TotalSeconds);
            }
        }

        return [.. contenders.Select((c, i) => (c.Name, times[i].Order().ElementAt(times[i].Count / 2), digests[i]))];
    }

    /// <summary>The streaming path objects are stored through: 1 MiB reads, each hashed on all cores.</summary>
    private static string ReproStream(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return ContentDigest.Of(stream);
    }

    private static string ReproOneThread(string path)
    {
        using var file = File.OpenHandle(path);
        var digest = new byte[32];
        Blake3Digest.HashFile(file, RandomAccess.GetLength(file), digest, new Blake3Options(Blake3InstructionSet.Best, 1));
        return ContentDigest.Prefix + Convert.ToHexStringLower(digest);
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
