using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Repro.MLNet;

/// <summary>
/// The trainers whose models depend on the thread count or on thread scheduling, created with one thread.
/// Each records the param <c>mlnet.TRAINER.threads</c> = <c>1</c> and the tag <c>mlnet.TRAINER.threads_reason</c>.
/// </summary>
public sealed partial class TrackedMLContext
{
    /// <summary>The thread count every trainer here is pinned to.</summary>
    public const int PinnedThreads = 1;

    // ML.NET documents NumberOfThreads of SDCA, SGD and k-means as "Degree of lock-free parallelism ... Determinism
    // not guaranteed", and recommends one thread for reproducible SDCA results (docs/api-reference/algo-details-sdca.md).
    private const string LockFreeReason =
        "ML.NET's {0} trainer updates shared state from several threads without locks (ML.NET: 'Determinism not " +
        "guaranteed'), so with more than one thread the order of updates, and the model, changes from run to run. " +
        "Pinned to one thread by Repro.MLNet.";

    private const string ThreadSplitReason =
        "ML.NET's {0} trainer splits the rows among threads (by default as many as the machine has cores) and adds " +
        "their partial gradients; floating-point addition is not associative, so the model depends on the thread " +
        "count. Pinned to one thread by Repro.MLNet so the model is the same on every machine of a class.";

    /// <summary>
    /// Binary logistic regression trained by stochastic dual coordinate ascent (SDCA), with one thread. It
    /// shuffles the rows each epoch from the context's seed, so another seed gives another model.
    /// </summary>
    /// <param name="options">The trainer's options (label and feature columns, regularization...); its
    /// <c>NumberOfThreads</c> is set to 1. Default: ML.NET's defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public SdcaLogisticRegressionBinaryTrainer SdcaLogisticRegression(SdcaLogisticRegressionBinaryTrainer.Options? options = null)
    {
        options ??= new SdcaLogisticRegressionBinaryTrainer.Options();
        options.NumberOfThreads = Pin("sdca_logistic_regression", "SDCA", options.NumberOfThreads, LockFreeReason);
        return Context.BinaryClassification.Trainers.SdcaLogisticRegression(options);
    }

    /// <summary>
    /// Multiclass logistic regression (maximum entropy) trained by SDCA, with one thread. Seeded shuffling as
    /// <see cref="SdcaLogisticRegression"/>. The label must be a key column (<c>MapValueToKey</c>).
    /// </summary>
    /// <param name="options">The trainer's options; its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public SdcaMaximumEntropyMulticlassTrainer SdcaMaximumEntropy(SdcaMaximumEntropyMulticlassTrainer.Options? options = null)
    {
        options ??= new SdcaMaximumEntropyMulticlassTrainer.Options();
        options.NumberOfThreads = Pin("sdca_maximum_entropy", "SDCA", options.NumberOfThreads, LockFreeReason);
        return Context.MulticlassClassification.Trainers.SdcaMaximumEntropy(options);
    }

    /// <summary>
    /// Binary logistic regression trained by stochastic gradient descent, calibrated (probabilities), with one
    /// thread. It shuffles the rows each epoch from the context's seed.
    /// </summary>
    /// <param name="options">The trainer's options; its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public SgdCalibratedTrainer SgdCalibrated(SgdCalibratedTrainer.Options? options = null)
    {
        options ??= new SgdCalibratedTrainer.Options();
        options.NumberOfThreads = Pin("sgd_calibrated", "SGD", options.NumberOfThreads, LockFreeReason);
        return Context.BinaryClassification.Trainers.SgdCalibrated(options);
    }

    /// <summary>
    /// Binary logistic regression trained by L-BFGS, with one thread. L-BFGS starts from zero weights and uses
    /// no randomness unless <c>InitialWeightsDiameter</c> is above 0, so by default the seed does not change the model.
    /// </summary>
    /// <param name="options">The trainer's options; its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public LbfgsLogisticRegressionBinaryTrainer LbfgsLogisticRegression(LbfgsLogisticRegressionBinaryTrainer.Options? options = null)
    {
        options ??= new LbfgsLogisticRegressionBinaryTrainer.Options();
        options.NumberOfThreads = Pin("lbfgs_logistic_regression", "L-BFGS", options.NumberOfThreads, ThreadSplitReason);
        return Context.BinaryClassification.Trainers.LbfgsLogisticRegression(options);
    }

    /// <summary>Poisson regression (counts) trained by L-BFGS, with one thread; seed use as <see cref="LbfgsLogisticRegression"/>.</summary>
    /// <param name="options">The trainer's options; its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public LbfgsPoissonRegressionTrainer LbfgsPoissonRegression(LbfgsPoissonRegressionTrainer.Options? options = null)
    {
        options ??= new LbfgsPoissonRegressionTrainer.Options();
        options.NumberOfThreads = Pin("lbfgs_poisson_regression", "L-BFGS", options.NumberOfThreads, ThreadSplitReason);
        return Context.Regression.Trainers.LbfgsPoissonRegression(options);
    }

    /// <summary>
    /// Multiclass logistic regression (maximum entropy) trained by L-BFGS, with one thread; seed use as
    /// <see cref="LbfgsLogisticRegression"/>. The label must be a key column (<c>MapValueToKey</c>).
    /// </summary>
    /// <param name="options">The trainer's options; its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public LbfgsMaximumEntropyMulticlassTrainer LbfgsMaximumEntropy(LbfgsMaximumEntropyMulticlassTrainer.Options? options = null)
    {
        options ??= new LbfgsMaximumEntropyMulticlassTrainer.Options();
        options.NumberOfThreads = Pin("lbfgs_maximum_entropy", "L-BFGS", options.NumberOfThreads, ThreadSplitReason);
        return Context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(options);
    }

    /// <summary>
    /// k-means clustering, with one thread. Its initialization (k-means|| by default, or k-means++ or random)
    /// draws from the context's seed, so another seed may give other centroids, or the same ones in another order.
    /// </summary>
    /// <param name="options">The trainer's options (number of clusters, feature column...); its <c>NumberOfThreads</c> is set to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options ask for another thread count.</exception>
    public KMeansTrainer KMeans(KMeansTrainer.Options? options = null)
    {
        options ??= new KMeansTrainer.Options();
        options.NumberOfThreads = Pin("kmeans", "k-means", options.NumberOfThreads, LockFreeReason);
        return Context.Clustering.Trainers.KMeans(options);
    }

    /// <summary>The param key that records a trainer's thread count, such as <c>mlnet.sdca_logistic_regression.threads</c>.</summary>
    /// <param name="trainer">The trainer's key: sdca_logistic_regression, sdca_maximum_entropy, sgd_calibrated,
    /// lbfgs_logistic_regression, lbfgs_poisson_regression, lbfgs_maximum_entropy or kmeans.</param>
    public static string ThreadsParamKey(string trainer) => $"mlnet.{trainer}.threads";

    /// <summary>The tag key that says why a trainer's thread count is pinned, such as <c>mlnet.kmeans.threads_reason</c>.</summary>
    /// <param name="trainer">The trainer's key, as for <see cref="ThreadsParamKey"/>.</param>
    public static string ThreadsReasonTagKey(string trainer) => $"mlnet.{trainer}.threads_reason";

    private int Pin(string trainer, string algorithm, int? requested, string reasonFormat)
    {
        if (requested is { } threads && threads != PinnedThreads)
        {
            throw new ArgumentOutOfRangeException(
                "options",
                threads,
                $"NumberOfThreads is {threads}, but ML.NET's {algorithm} trainer is only deterministic with one thread; leave it unset " +
                "(Repro.MLNet sets 1) or create the trainer through MLContext directly to trade reproducibility for speed.");
        }

        Run.LogParam(ThreadsParamKey(trainer), PinnedThreads);
        Run.SetTag(ThreadsReasonTagKey(trainer), string.Format(System.Globalization.CultureInfo.InvariantCulture, reasonFormat, algorithm));
        return PinnedThreads;
    }
}
