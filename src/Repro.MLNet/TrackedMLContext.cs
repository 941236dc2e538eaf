using Microsoft.ML;
using Repro.Randomness;
using Repro.Tracking;

namespace Repro.MLNet;

/// <summary>
/// An <see cref="MLContext"/> seeded from a run: its trainers are pinned to one thread where ML.NET is only
/// deterministic that way, its models are stored as the run's artifacts, and everything it does is recorded on
/// the run. Trained twice with the same run seed and data on one machine class, a model's outputs are bit-identical.
/// </summary>
/// <remarks>
/// ML.NET gives each component it creates (a data view, a transform, a trainer) a seed drawn from the context's
/// generator, in the order they are created. The same program therefore trains the same model; a program that
/// creates its components in another order (say, loads the data after creating the trainer) trains another one.
/// </remarks>
/// <example>
/// <code>
/// using var run = Run.Start(new RunOptions { Seed = 42 });
/// var ml = TrackedMLContext.Create(run);
/// var pipeline = ml.Context.Transforms.Concatenate("Features", "X1", "X2")
///     .Append(ml.SdcaLogisticRegression());
/// var model = ml.Fit(pipeline, trainData);
/// ml.SaveModel(model, trainData.Schema, "model/churn");
/// </code>
/// </example>
public sealed partial class TrackedMLContext
{
    /// <summary>The default derivation path of the context's seed (and the prefix of its param key).</summary>
    public const string DefaultSeedPath = "mlnet";

    private TrackedMLContext(Run run, MLContext context, int seed, string seedPath)
    {
        Run = run;
        Context = context;
        Seed = seed;
        SeedPath = seedPath;
    }

    /// <summary>The run everything is recorded on.</summary>
    public Run Run { get; }

    /// <summary>The ML.NET context, created with <see cref="Seed"/>; use it for data, transforms and evaluation.</summary>
    public MLContext Context { get; }

    /// <summary>The seed given to <see cref="MLContext(int?)"/>, derived from the run's seed (see <see cref="DeriveSeed"/>).</summary>
    public int Seed { get; }

    /// <summary>The path the seed was derived with, such as <c>mlnet</c>.</summary>
    public string SeedPath { get; }

    /// <summary>The param key the seed is recorded under: <c>SEEDPATH.seed</c>, for example <c>mlnet.seed</c>.</summary>
    public string SeedParamKey => SeedParamKeyFor(SeedPath);

    /// <summary>
    /// Creates an ML.NET context seeded from the run's root seed and records the seed as the param
    /// <c>SEEDPATH.seed</c> (<c>mlnet.seed</c> by default). The same run seed and path always give the same
    /// context seed; another path gives an independent one, so a program that needs two contexts (say, one per
    /// fold) names them <c>mlnet/fold/0</c>, <c>mlnet/fold/1</c>.
    /// </summary>
    /// <param name="run">The run to seed from and record on.</param>
    /// <param name="seedPath">The derivation path (see <see cref="DeriveSeed"/>); default <see cref="DefaultSeedPath"/>.</param>
    /// <exception cref="InvalidRunDataException">
    /// The path makes an invalid param key (keys allow letters, digits and <c>_-. /</c>), or the run already recorded
    /// another seed under it (a run attached with a different seed).
    /// </exception>
    public static TrackedMLContext Create(Run run, string seedPath = DefaultSeedPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(seedPath);
        var seed = DeriveSeed(run.Seed, seedPath);
        run.LogParam(SeedParamKeyFor(seedPath), seed);
        return new TrackedMLContext(run, new MLContext(seed), seed, seedPath);
    }

    /// <summary>
    /// The ML.NET seed for a root seed and a path: the first 32 bits of <c>new RandomStream(rootSeed, path)</c>
    /// shifted right by one, a non-negative <see cref="int"/> (ML.NET seeds are 32-bit). Stable across processes,
    /// machines and versions of Repro, as every <see cref="RandomStream"/> is.
    /// </summary>
    /// <param name="rootSeed">The run's root seed (<see cref="Run.Seed"/>).</param>
    /// <param name="path">What the seed is for, such as <c>mlnet</c>; compared byte for byte.</param>
    public static int DeriveSeed(ulong rootSeed, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return (int)(new RandomStream(rootSeed, path).NextUInt32() >> 1);
    }

    private static string SeedParamKeyFor(string seedPath) => seedPath + ".seed";
}
