using System.Diagnostics;
using System.Globalization;
using Repro.Artifacts;

namespace Repro.Benchmarks;

/// <summary>
/// <c>tree [--add 10000] [--check 100000] [--bytes 256]</c>: the artifact store on many small files.
/// (1) Adding a fresh tree of <c>--add</c> files (read, hash on all cores, staged, one sync, renamed into
/// place, manifests written): files/s, beside <c>b3sum</c> merely hashing the same files in the same run.
/// (2) Re-checking an unchanged tree of <c>--check</c> files, already added once: the stat cache answers
/// without reading content; seconds for the whole tree.
/// </summary>
internal static class ArtifactTreeComparison
{
    public static int Run(string[] args)
    {
        var addCount = HashComparison.Option(args, "--add", 10_000);
        var checkCount = HashComparison.Option(args, "--check", 100_000);
        var bytes = HashComparison.Option(args, "--bytes", 256);
        using var folder = new TempFolder("repro-tree-");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Tree: {bytes}-byte files in folders of 100; {Environment.ProcessorCount} cores."));

        // Files must be older than the racy window (2 s) for the stat cache to trust them: time is shifted instead of sleeping.
        var later = new ShiftedTime(TimeSpan.FromMinutes(1));

        // The file system's own pace in the same minute: ext4 allocates inodes slowly for a few minutes after many
        // files were deleted nearby (it skips recently freed inodes), which is the state a repeated run of this
        // benchmark leaves behind; creating the input files plainly (open, write, close; no fsync) shows that state.
        var addTree = Path.Combine(folder.Path, "add");
        var watch = Stopwatch.StartNew();
        MakeTree(addTree, addCount, bytes, seed: 1);
        var plainSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peer creating the {addCount:N0} input files plainly {plainSeconds,7:F3} s   {addCount / plainSeconds,10:N0} files/s   (open, write, close; no fsync)"));
        var objects = new ObjectStore(Path.Combine(folder.Path, "objects"));
        watch.Restart();
        var added = new ContentImporter(objects, StatCache.Load(Path.Combine(objects.Root, StatCache.FileName)), later).Import(addTree);
        var addSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"repro add {addCount:N0} new files        {addSeconds,7:F3} s   {addCount / addSeconds,10:N0} files/s   ({added.NewObjects:N0} objects written, durable; {plainSeconds / addSeconds:F2}x the plain creation rate)"));
        var b3sum = HashComparison.FindOnPath("b3sum");
        if (b3sum is not null)
        {
            var files = Directory.EnumerateFiles(addTree, "*", SearchOption.AllDirectories).ToList();
            watch.Restart();
            foreach (var chunk in files.Chunk(2000))
            {
                var info = new ProcessStartInfo(b3sum) { RedirectStandardOutput = true };
                foreach (var f in chunk)
                {
                    info.ArgumentList.Add(f);
                }

                using var process = Process.Start(info)!;
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }

            var peer = watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peer b3sum hashing the same files      {peer,7:F3} s   {addCount / peer,10:N0} files/s   (hash only, nothing stored)"));
        }

        var checkTree = Path.Combine(folder.Path, "check");
        MakeTree(checkTree, checkCount, bytes, seed: 2);
        var cachePath = Path.Combine(objects.Root, "check-" + StatCache.FileName);
        var first = new ContentImporter(objects, StatCache.Load(cachePath), later).Import(checkTree);
        var times = new List<double>();
        ImportResult again = first;
        for (var i = 0; i < 3; i++)
        {
            watch.Restart();
            again = new ContentImporter(objects, StatCache.Load(cachePath), later).Import(checkTree);
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"repro re-check {checkCount:N0} unchanged files {times[1],7:F3} s   (median of 3; {again.HashedFiles} files read; same digest: {again.Digest == first.Digest})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"targets: add >= 5,000 files/s {(addCount / addSeconds >= 5000 ? "met" : "MISSED")}; re-check 100,000 <= 1 s {(times[1] <= 1 && checkCount >= 100_000 ? "met" : "MISSED")}"));
        return 0;
    }

    private static void MakeTree(string root, int count, int bytes, int seed)
    {
        var buffer = new byte[bytes];
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var dir = Path.Combine(root, (i / 100).ToString("D5", CultureInfo.InvariantCulture));
            if (i % 100 == 0)
            {
                Directory.CreateDirectory(dir);
            }

            rng.NextBytes(buffer);
            File.WriteAllBytes(Path.Combine(dir, i.ToString("D7", CultureInfo.InvariantCulture) + ".bin"), buffer);
        }
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
