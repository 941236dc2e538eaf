using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Repro.Storage;
using Repro.Storage.Sqlite;
using Repro.Tracking;

namespace Repro.Benchmarks;

/// <summary>
/// A store of 100,000 finished runs for the search benchmarks, built once through the store's own API
/// and cached under the temp folder, keyed by the schema (version and text) and this data set's version,
/// so re-running the benchmarks is quick and a schema change rebuilds it.
/// </summary>
/// <remarks>
/// Each run has params lr (5 values), batch (3), optimizer (2) and epochs, tags owner and dataset, and
/// metrics loss, accuracy and val_loss (5 steps each; the latest loss is uniform in [0, 1)); one run in
/// 50 never logged loss, and one in 20 FAILED. Runs are spread over 4 experiments.
/// </remarks>
internal static class SearchFixture
{
    public const int RunCount = 100_000;

    /// <summary>Bump when the generated data changes.</summary>
    private const int DataVersion = 1;

    public static readonly string[] LearningRates = ["0.1", "0.03", "0.01", "0.003", "0.001"];

    /// <summary>The path of the cached store's database, building it first when needed.</summary>
    public static string EnsureBuilt()
    {
        var schema = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SqliteSchema.Create)))[..12];
        var folder = Path.Combine(Path.GetTempPath(), "repro-bench", $"runs-{RunCount}-v{SqliteSchema.Version}-{schema}-d{DataVersion}");
        var database = Path.Combine(folder, "repro.db");
        if (File.Exists(database))
        {
            return database;
        }

        // Build where fsync is cheap when possible (the cache is a benchmark input, not data to keep safe).
        var scratchRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var scratch = Directory.CreateDirectory(Path.Combine(scratchRoot, $"repro-bench-build-{Guid.NewGuid():N}")).FullName;
        try
        {
            var built = Path.Combine(scratch, "repro.db");
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"// Building the {RunCount:N0}-run search store (once; cached at {folder}) ...");
            using (var store = SqliteRunStore.Create(built))
            {
                Populate(store);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// Built in {clock.Elapsed.TotalSeconds:F0} s."));
            Directory.CreateDirectory(folder);
            var partial = database + ".partial";
            File.Copy(built, partial, overwrite: true);
            File.Move(partial, database, overwrite: true);
            return database;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Populate(SqliteRunStore store)
    {
        var random = new Random(2024);
        string[] experiments = ["baseline", "sweep-lr", "sweep-batch", "ablation"];
        string[] batchSizes = ["32", "64", "128"];
        string[] optimizers = ["adam", "sgd"];
        string[] owners = ["alice", "bob", "carol"];
        string[] datasets = ["cifar10", "mnist"];
        for (var i = 0; i < RunCount; i++)
        {
            var start = MetricSeries.StartMs + (i * 60_000L);
            var run = store.CreateRun(new NewRun(
                RunId.New(), experiments[i % experiments.Length], string.Create(CultureInfo.InvariantCulture, $"run-{i:D6}"), start, (ulong)i, null, null)).Id;
            var finalLoss = random.NextDouble();
            var metrics = new List<MetricPoint>();
            for (var step = 0; step < 5; step++)
            {
                var loss = finalLoss + ((4 - step) * 0.1);
                if (i % 50 != 0)
                {
                    metrics.Add(new MetricPoint("loss", loss, step, start + (step * 1000)));
                }

                metrics.Add(new MetricPoint("accuracy", 1 - (loss / 2), step, start + (step * 1000)));
                metrics.Add(new MetricPoint("val_loss", loss * 1.1, step, start + (step * 1000)));
            }

            store.WriteBatch(run, new RunBatch(
                metrics,
                [
                    new("lr", LearningRates[random.Next(LearningRates.Length)]),
                    new("batch", batchSizes[random.Next(batchSizes.Length)]),
                    new("optimizer", optimizers[random.Next(optimizers.Length)]),
                    new("epochs", "5"),
                ],
                [new("owner", owners[random.Next(owners.Length)]), new("dataset", datasets[random.Next(datasets.Length)])]));
            store.TryEndRun(run, RunStatus.Running, i % 20 == 7 ? RunStatus.Failed : RunStatus.Finished, start + 5000);
            if ((i + 1) % 20_000 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"//   {i + 1:N0} runs"));
            }
        }
    }
}
