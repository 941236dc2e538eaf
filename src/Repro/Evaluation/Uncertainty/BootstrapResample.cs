using System.Globalization;
using Repro.Randomness;

namespace Repro.Evaluation.Uncertainty;

/// <summary>
/// The rows of one bootstrap resample: as many draws with replacement as there are rows, from the stream
/// <c>"bootstrap/i"</c> of the seed. Each resample has its own stream, so resample <c>i</c> is the same
/// whichever thread draws it and whatever was drawn before.
/// </summary>
internal static class BootstrapResample
{
    public const string PathPrefix = "bootstrap/";

    /// <summary>Fills <paramref name="rows"/> (its length is the population size) with resample <paramref name="resample"/>'s draws, in draw order.</summary>
    public static void Draw(ulong seed, int resample, Span<int> rows)
    {
        var stream = new RandomStream(seed, PathPrefix + resample.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = stream.NextInt(rows.Length);
        }
    }
}
