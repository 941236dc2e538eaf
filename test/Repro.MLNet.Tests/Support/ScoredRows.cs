using Microsoft.ML;

namespace Repro.MLNet.Tests.Support;

/// <summary>Scored data written by hand, to put the cases that trained models rarely produce in front of the cross-check.</summary>
internal static class ScoredRows
{
    public static IDataView Binary(MLContext ml, params (bool Label, float Score, float Probability)[] rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryRow { Label = r.Label, Score = r.Score, Probability = r.Probability, PredictedLabel = r.Score > 0 }));

    public static IDataView Regression(MLContext ml, params (float Label, float Score)[] rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new RegressionRow { Label = r.Label, Score = r.Score }));

    public sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    public sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }
}
