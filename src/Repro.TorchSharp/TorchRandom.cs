using Repro.Randomness;
using Repro.Tracking;
using TorchSharp;

namespace Repro.TorchSharp;

/// <summary>
/// Seeds libtorch's random generators from the run's root seed, so that weight initialisation, dropout masks and
/// every other torch random draw come out the same on every replay of the run.
/// </summary>
/// <remarks>
/// <para>A seed is derived from the run's root seed (<see cref="Run.Seed"/>; <c>REPRO_SEED</c> under
/// <c>repro run</c>) and a path naming what it is for, through <see cref="RandomStream"/>: the first 64 bits of the
/// stream <c>(root seed, path)</c>, shifted right by one so that it is a non-negative <see cref="long"/>. Different
/// paths give independent seeds; the same seed and path give the same seed everywhere.</para>
/// <para>Weight initialisation (<c>torch.nn</c> modules' constructors) and dropout draw from the global CPU generator
/// (on the GPU, from the device's generator), so seeding it before building the model and again before training
/// (say, paths <c>torch/init</c> and <c>torch/train</c>) makes both reproducible, and adding a layer no longer shifts
/// the dropout masks. For a stream of your own, pass <see cref="CreateGenerator"/>'s generator to the ops that take one.</para>
/// </remarks>
public static class TorchRandom
{
    /// <summary>The path <see cref="Seed"/> uses when none is given.</summary>
    public const string DefaultPath = "torch";

    /// <summary>The prefix of the params the seeds are recorded under: <c>seed.PATH</c>.</summary>
    public const string ParamPrefix = "seed.";

    /// <summary>The torch seed derived from <paramref name="rootSeed"/> and <paramref name="path"/> (see remarks of <see cref="TorchRandom"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static long DeriveSeed(ulong rootSeed, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return (long)(new RandomStream(rootSeed, path).NextUInt64() >> 1);
    }

    /// <summary>
    /// Seeds the global CPU generator and, when CUDA is available, every CUDA device's generator with the seed derived
    /// from the run's root seed and <paramref name="path"/>, and records it as the param <c>seed.PATH</c>.
    /// </summary>
    /// <param name="run">The run whose seed to derive from.</param>
    /// <param name="path">What the seed is for, such as <c>torch/init</c>; default <see cref="DefaultPath"/>.</param>
    /// <returns>The seed the generators were given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="InvalidRunDataException">The path makes an invalid param key (keys allow letters, digits, <c>_ - . / </c> and space).</exception>
    public static long Seed(Run run, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        var seed = DeriveSeed(run.Seed, path);
        run.LogParam(ParamPrefix + path, seed);
        torch.random.manual_seed(seed).Dispose();
        if (torch.cuda.is_available())
        {
            torch.cuda.manual_seed_all(seed);
        }

        return seed;
    }

    /// <summary>
    /// A new CPU generator seeded from the run's root seed and <paramref name="path"/> (recorded as the param
    /// <c>seed.PATH</c>), for the ops that take a <c>generator</c> argument. Dispose it when done.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="InvalidRunDataException">The path makes an invalid param key.</exception>
    public static torch.Generator CreateGenerator(Run run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        var seed = DeriveSeed(run.Seed, path);
        run.LogParam(ParamPrefix + path, seed);
        return new torch.Generator((ulong)seed, torch.CPU);
    }
}
