using System.Diagnostics;
using Repro.Artifacts.Remotes;
using Repro.Artifacts.S3;
using Repro.Tests.Artifacts.Remotes;

namespace Repro.Benchmarks;

/// <summary>
/// Push and pull throughput of the transfer engine: 1,000 small objects (4 KiB) under one manifest, and one
/// 256 MiB object, to a folder remote and, given <c>--s3 http://127.0.0.1:PORT</c> (a running s3rver with
/// bucket repro-bench and its S3RVER credentials), to S3. Usage: <c>remotes [--s3 ENDPOINT] [--parallelism N]</c>.
/// </summary>
internal static class RemoteTransferTiming
{
    public static int Run(string[] args)
    {
        var s3 = Option(args, "--s3");
        var parallelism = int.Parse(Option(args, "--parallelism") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
        using var local = new FolderLocalObjects();
        var small = Enumerable.Range(0, 1000).Select(i => local.AddBlob(Content(4096, i))).ToArray();
        var smallRoot = local.AddManifest(small);
        var large = local.AddBlob(Content(256 << 20, 1_000_000));
        Console.WriteLine($"parallelism {parallelism}; 1,000 x 4 KiB + manifest ({Bytes(local, [.. small, smallRoot]) / 1024} KiB), 1 x 256 MiB");

        using (var folder = new TempFolder("repro-bench-remote-"))
        {
            Measure("folder", () => new FolderObjectRemote(folder.Path), local, smallRoot, large, parallelism);
        }

        if (s3 is not null)
        {
            var context = new RemoteContext(name => name is "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" ? "S3RVER" : null);
            var prefix = "bench/" + Guid.NewGuid().ToString("N");
            Measure("s3rver", () => new S3RemoteProvider().Open(new Uri($"s3://repro-bench/{prefix}?endpoint={Uri.EscapeDataString(s3)}"), context), local, smallRoot, large, parallelism);
        }

        return 0;
    }

    private static void Measure(string name, Func<IObjectRemote> open, FolderLocalObjects local, string smallRoot, string large, int parallelism)
    {
        var options = new TransferOptions { Parallelism = parallelism };
        foreach (var (label, root) in new[] { ("1,000 small", smallRoot), ("256 MiB", large) })
        {
            using var remote = open();
            var push = Stopwatch.StartNew();
            var pushed = new ObjectTransfer(local, remote, options).PushAsync([root], CancellationToken.None).GetAwaiter().GetResult();
            push.Stop();
            var again = Stopwatch.StartNew();
            new ObjectTransfer(local, remote, options).PushAsync([root], CancellationToken.None).GetAwaiter().GetResult();
            again.Stop();
            using var target = new FolderLocalObjects();
            var pull = Stopwatch.StartNew();
            var pulled = new ObjectTransfer(target, remote, options).PullAsync([root], CancellationToken.None).GetAwaiter().GetResult();
            pull.Stop();
            Console.WriteLine($"{name,-7} {label,-12} push {Rate(pushed, push)}  re-push (all present) {again.Elapsed.TotalMilliseconds:F0} ms  pull {Rate(pulled, pull)}");
        }
    }

    private static string Rate(TransferSummary summary, Stopwatch watch) =>
        $"{summary.Transferred} obj in {watch.Elapsed.TotalSeconds:F2} s = {summary.Transferred / watch.Elapsed.TotalSeconds,7:F0} obj/s, {summary.Bytes / watch.Elapsed.TotalSeconds / (1 << 20),6:F0} MiB/s";

    private static long Bytes(FolderLocalObjects local, string[] digests) => digests.Sum(d => new FileInfo(local.PathFor(d)).Length);

    private static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        var state = (uint)seed * 2654435761u + 1;
        for (var i = 0; i < length; i += 4)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            BitConverter.TryWriteBytes(bytes.AsSpan(i, Math.Min(4, length - i)), state);
        }

        return bytes;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
