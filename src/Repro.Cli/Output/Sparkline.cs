using System.Text;

namespace Repro.Cli;

/// <summary>
/// A metric history drawn in one line of block characters (▁▂▃▄▅▆▇█), lowest value lowest.
/// </summary>
/// <remarks>
/// Longer series are downsampled to <see cref="DefaultWidth"/> columns: column <c>i</c> of <c>w</c> covers
/// points <c>[i·n/w, (i+1)·n/w)</c> and shows their mean, summed in index order. A column holding any
/// NaN or infinity is drawn as <see cref="NonFinite"/> so a divergence never hides in a mean. The
/// remaining columns scale between their own minimum and maximum; a constant series is a flat line at
/// mid height.
/// </remarks>
internal static class Sparkline
{
    public const int DefaultWidth = 40;

    /// <summary>The column drawn for NaN or an infinity.</summary>
    public const char NonFinite = '×';

    private const string Levels = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<double> values, int maxWidth = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWidth);
        var width = Math.Min(values.Count, maxWidth);
        var columns = new double[width];
        for (var column = 0; column < width; column++)
        {
            var start = (int)((long)column * values.Count / width);
            var end = (int)((long)(column + 1) * values.Count / width);
            columns[column] = BucketMean(values, start, end);
        }

        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var value in columns)
        {
            if (double.IsFinite(value))
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        var line = new StringBuilder(width);
        foreach (var value in columns)
        {
            line.Append(!double.IsFinite(value) ? NonFinite
                : max == min ? Levels[Levels.Length / 2 - 1]
                : Levels[Level(value, min, max)]);
        }

        return line.ToString();
    }

    /// <summary>The level 0..7 of a value between min and max; halves keep the span of huge values finite.</summary>
    private static int Level(double value, double min, double max)
    {
        var fraction = ((value / 2) - (min / 2)) / ((max / 2) - (min / 2));
        return (int)Math.Round(Math.Clamp(fraction, 0, 1) * (Levels.Length - 1), MidpointRounding.AwayFromZero);
    }

    /// <summary>The mean of a bucket, or NaN when any value in it is not finite.</summary>
    private static double BucketMean(IReadOnlyList<double> values, int start, int end)
    {
        var count = end - start;
        var mean = 0.0;
        for (var i = start; i < end; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return double.NaN;
            }

            mean += values[i] / count; // dividing first keeps huge finite values from overflowing the sum
        }

        return mean;
    }
}
