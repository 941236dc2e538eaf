using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static TorchSharp.torch;

namespace Repro.Benchmarks;

/// <summary>
/// <c>mlp-vs-pytorch</c>: seconds per training epoch of the same MLP (same data, batch order, optimiser and thread
/// count) in TorchSharp and in PyTorch (bench/compare/mlp_pytorch.py under python3), rounds interleaved so machine
/// drift hits both. The first epoch of every round is warm-up and not counted.
/// </summary>
internal static class MlpComparison
{
    public static int Run(string[] args)
    {
        var rows = IngestComparison.Option(args, "--rows", 20_000);
        var epochs = IngestComparison.Option(args, "--epochs", 4);
        var rounds = IngestComparison.Option(args, "--rounds", 3);
        // Debian's PyTorch calls the system BLAS (OpenBLAS once libopenblas0 is installed, else the slow reference
        // BLAS) without telling it torch's thread count. One BLAS thread was PyTorch's fastest setting here (two BLAS
        // threads beside torch's OpenMP threads oversubscribe the cores: 4x slower at 2 threads). 0: torch's count.
        var blasThreads = IngestComparison.Option(args, "--openblas-threads", 1);
        // Debian's interpreter first: that is where apt's python3-torch lives (a pyenv shim may come first on PATH).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : HashComparison.FindOnPath("python3");
        var script = Path.Combine(RepositoryRoot(), "bench", "compare", "mlp_pytorch.py");
        var workload = new MlpWorkload(rows, features: 32, classes: 10, hidden: 128, batch: 64, orders: epochs);
        using var folder = new TempFolder("repro-mlp-");
        Write(workload, folder.Path);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MLP {workload.Features}-{workload.Hidden}-{workload.Hidden}-{workload.Classes}, {rows:N0} rows, batch {workload.Batch}, Adam; {epochs} epochs per round (first is warm-up), {rounds} rounds interleaved; {Environment.ProcessorCount} cores."));
        foreach (var threads in new[] { 1, 2 })
        {
            var ours = new List<double>();
            var theirs = new List<double>();
            string? version = null;
            for (var round = 0; round < rounds; round++)
            {
                ours.AddRange(TorchSharpEpochs(workload, threads, epochs).Skip(1));
                if (python is not null)
                {
                    var (torchVersion, seconds) = PyTorchEpochs(python, script, folder.Path, threads, epochs, blasThreads);
                    version = torchVersion;
                    theirs.AddRange(seconds.Skip(1));
                }
            }

            var line = string.Create(CultureInfo.InvariantCulture,
                $"  {threads} thread(s): TorchSharp {__version__} median {Median(ours) * 1000:F1} ms/epoch (min {ours.Min() * 1000:F1})");
            if (theirs.Count > 0)
            {
                line += string.Create(CultureInfo.InvariantCulture,
                    $"; PyTorch {version} median {Median(theirs) * 1000:F1} ms/epoch (min {theirs.Min() * 1000:F1}); ratio TorchSharp / PyTorch {Median(ours) / Median(theirs):F3} (target <= 1.10)");
            }
            else
            {
                line += "; PyTorch not found (apt-get install python3-torch)";
            }

            Console.WriteLine(line);
        }

        return 0;
    }

    private static List<double> TorchSharpEpochs(MlpWorkload workload, int threads, int epochs)
    {
        set_num_threads(threads);
        using var trainer = workload.CreateTrainer();
        var seconds = new List<double>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var started = Stopwatch.GetTimestamp();
            trainer.Epoch(epoch);
            seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return seconds;
    }

    private static (string Version, List<double> Seconds) PyTorchEpochs(string python, string script, string data, int threads, int epochs, int blasThreads)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OPENBLAS_NUM_THREADS"] = (blasThreads > 0 ? blasThreads : threads).ToString(CultureInfo.InvariantCulture);
        foreach (var argument in new[] { script, "--data", data, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--epochs", epochs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mlp_pytorch.py failed ({process.ExitCode}): {error}");
        }

        using var json = JsonDocument.Parse(output);
        var seconds = json.RootElement.GetProperty("epoch_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
        return (json.RootElement.GetProperty("torch").GetString()!, seconds);
    }

    private static void Write(MlpWorkload workload, string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "x.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(workload.X.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "y.i64"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(workload.Y.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "order.i64"), workload.Orders.SelectMany(o => System.Runtime.InteropServices.MemoryMarshal.AsBytes(o.AsSpan()).ToArray()).ToArray());
        File.WriteAllText(Path.Combine(folder, "shape.json"), string.Create(CultureInfo.InvariantCulture,
            $"{{\"rows\": {workload.Rows}, \"features\": {workload.Features}, \"classes\": {workload.Classes}, \"hidden\": {workload.Hidden}, \"batch\": {workload.Batch}}}"));
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Repro.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository (Repro.slnx not found above the program).");
    }
}
