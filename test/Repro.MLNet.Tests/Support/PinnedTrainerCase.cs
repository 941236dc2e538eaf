using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Repro.MLNet.Tests.Support;

/// <summary>One pinned trainer: its key, how to train it on its kind of data, and whether its model depends on the seed.</summary>
internal sealed record PinnedTrainerCase(string Key, bool UsesSeed, Func<TrackedMLContext, (ITransformer Model, IDataView Data)> Train)
{
    public static readonly PinnedTrainerCase[] All =
    [
        new("sdca_logistic_regression", true, ml => Fit(ml, SyntheticRows.Binary(ml.Context), ml.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { MaximumNumberOfIterations = 10 }))),
        new("sgd_calibrated", true, ml => Fit(ml, SyntheticRows.Binary(ml.Context), ml.SgdCalibrated(new SgdCalibratedTrainer.Options { NumberOfIterations = 5 }))),
        new("lbfgs_logistic_regression", false, ml => Fit(ml, SyntheticRows.Binary(ml.Context), ml.LbfgsLogisticRegression())),
        new("sdca_maximum_entropy", true, ml => FitKeyed(ml, ml.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 10 }))),
        new("lbfgs_maximum_entropy", false, ml => FitKeyed(ml, ml.LbfgsMaximumEntropy())),
        new("lbfgs_poisson_regression", false, ml => Fit(ml, SyntheticRows.Counts(ml.Context), ml.LbfgsPoissonRegression())),
        new("kmeans", true, ml => Fit(ml, SyntheticRows.Blobs(ml.Context), ml.KMeans(new KMeansTrainer.Options { NumberOfClusters = 3 }))),
    ];

    public static TheoryData<string> Keys => [.. All.Select(c => c.Key)];

    public static PinnedTrainerCase Named(string key) => All.Single(c => c.Key == key);

    public override string ToString() => Key;

    private static (ITransformer, IDataView) Fit<T>(TrackedMLContext ml, IDataView data, IEstimator<T> trainer)
        where T : class, ITransformer => (ml.Fit(trainer, data), data);

    private static (ITransformer, IDataView) FitKeyed<T>(TrackedMLContext ml, IEstimator<T> trainer)
        where T : class, ITransformer
    {
        var data = SyntheticRows.Multiclass(ml.Context);
        return (ml.Fit(ml.Context.Transforms.Conversion.MapValueToKey("Label").Append(trainer), data), data);
    }
}
