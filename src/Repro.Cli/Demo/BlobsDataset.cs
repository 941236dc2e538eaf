using Repro.Randomness;

namespace Repro.Cli.Demo;

/// <summary>
/// Two Gaussian blobs with unit variance: label 1 centred at +m and label 0 at -m, where feature j
/// separates the classes less the higher j is (m_j = offset / (j + 1)), so some features matter more
/// than others and the classes overlap (with the defaults the best possible accuracy is about 84%).
/// </summary>
internal sealed class BlobsDataset
{
    private BlobsDataset(double[][] features, int[] labels)
    {
        Features = features;
        Labels = labels;
    }

    public double[][] Features { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Draws the points from the <c>"data"</c> stream of the seed; labels alternate, so the classes are balanced.</summary>
    public static BlobsDataset Generate(ulong seed, int samples, int features, double offset)
    {
        var random = new RandomStream(seed, "data");
        var x = new double[samples][];
        var y = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            y[i] = i % 2;
            var sign = y[i] == 1 ? 1.0 : -1.0;
            x[i] = new double[features];
            for (var j = 0; j < features; j++)
            {
                x[i][j] = random.NextNormal(sign * offset / (j + 1), 1.0);
            }
        }

        return new BlobsDataset(x, y);
    }

    /// <summary>Splits indices into training and validation sets with the <c>"split"</c> stream of the seed.</summary>
    public (int[] Train, int[] Validation) Split(ulong seed, double validationFraction)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new RandomStream(seed, "split").Shuffle(order.AsSpan());
        var validation = (int)Math.Round(Count * validationFraction);
        return (order[validation..], order[..validation]);
    }
}
