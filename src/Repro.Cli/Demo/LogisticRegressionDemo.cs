using Repro.Randomness;
using Repro.Tracking;

namespace Repro.Cli.Demo;

/// <summary>
/// The experiment behind <c>repro demo</c>: logistic regression trained by mini-batch gradient descent on
/// <see cref="BlobsDataset"/>, tracked into a <see cref="Run"/>. Every random choice comes from the run's
/// seed through named <see cref="RandomStream"/>s ("data", "split", "init", "epoch/N/shuffle"), and every
/// sum runs in index order on one thread, so the same seed logs bit-identical metrics.
/// </summary>
internal static class LogisticRegressionDemo
{
    /// <summary>Trains, logging params, <c>train_loss</c> per step and <c>val_loss</c> / <c>val_accuracy</c> per epoch.</summary>
    public static EpochResult Train(Run run, DemoSettings settings, Action<EpochResult> onEpoch)
    {
        run.LogParam("n_samples", settings.Samples);
        run.LogParam("n_features", settings.Features);
        run.LogParam("validation_fraction", settings.ValidationFraction);
        run.LogParam("epochs", settings.Epochs);
        run.LogParam("batch_size", settings.BatchSize);
        run.LogParam("lr", settings.LearningRate);

        var data = BlobsDataset.Generate(run.Seed, settings.Samples, settings.Features, settings.ClassOffset);
        var (train, validation) = data.Split(run.Seed, settings.ValidationFraction);
        var init = new RandomStream(run.Seed, "init");
        var weights = new double[settings.Features];
        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] = init.NextNormal(0, 0.01);
        }

        var bias = 0.0;
        var gradient = new double[settings.Features];
        var step = 0L;
        EpochResult? last = null;
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var order = (int[])train.Clone();
            new RandomStream(run.Seed, $"epoch/{epoch}/shuffle").Shuffle(order.AsSpan());
            var epochLoss = 0.0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += settings.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(settings.BatchSize, order.Length - start));
                Array.Clear(gradient);
                var biasGradient = 0.0;
                var loss = 0.0;
                foreach (var i in batch)
                {
                    var z = Logit(weights, bias, data.Features[i]);
                    var error = Sigmoid(z) - data.Labels[i];
                    for (var j = 0; j < gradient.Length; j++)
                    {
                        gradient[j] += error * data.Features[i][j];
                    }

                    biasGradient += error;
                    loss += LogLoss(z, data.Labels[i]);
                }

                var scale = settings.LearningRate / batch.Length;
                for (var j = 0; j < weights.Length; j++)
                {
                    weights[j] -= scale * gradient[j];
                }

                bias -= scale * biasGradient;
                loss /= batch.Length;
                run.LogMetric("train_loss", loss, step++);
                epochLoss += loss;
                batches++;
            }

            var (validationLoss, accuracy) = Evaluate(weights, bias, data, validation);
            run.LogMetric("val_loss", validationLoss, epoch);
            run.LogMetric("val_accuracy", accuracy, epoch);
            last = new EpochResult(epoch, settings.Epochs, epochLoss / batches, validationLoss, accuracy);
            onEpoch(last);
        }

        return last ?? throw new ArgumentOutOfRangeException(nameof(settings), "The demo needs at least one epoch.");
    }

    private static (double Loss, double Accuracy) Evaluate(double[] weights, double bias, BlobsDataset data, int[] indices)
    {
        var loss = 0.0;
        var correct = 0;
        foreach (var i in indices)
        {
            var z = Logit(weights, bias, data.Features[i]);
            loss += LogLoss(z, data.Labels[i]);
            correct += (z >= 0 ? 1 : 0) == data.Labels[i] ? 1 : 0;
        }

        return (loss / indices.Length, correct / (double)indices.Length);
    }

    private static double Logit(double[] weights, double bias, double[] x)
    {
        var z = bias;
        for (var j = 0; j < weights.Length; j++)
        {
            z += weights[j] * x[j];
        }

        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Log loss of a logit against a 0/1 label, computed without overflow: log(1 + e^-|z|) + max(z, 0) - y·z.</summary>
    private static double LogLoss(double z, int label) => Math.Log(1 + Math.Exp(-Math.Abs(z))) + Math.Max(z, 0) - (label * z);
}
