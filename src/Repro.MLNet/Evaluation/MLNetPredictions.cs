using Microsoft.ML;
using Repro.Evaluation;

namespace Repro.MLNet.Evaluation;

/// <summary>
/// Turns data scored by an ML.NET model (<c>model.Transform(data)</c>) into Repro's <see cref="Predictions"/>,
/// so that <see cref="MetricCatalog"/>, bootstrap intervals and paired comparisons apply, and
/// <c>run.LogPredictions</c> stores them for <c>repro compare</c>.
/// </summary>
/// <example>
/// <code>
/// var scored = model.Transform(testData);
/// var predictions = MLNetPredictions.Binary(scored, idColumnName: "Id");
/// var intervals = Bootstrap.Intervals(predictions, ["roc_auc", "log_loss"], new BootstrapOptions { Seed = run.Seed });
/// </code>
/// </example>
public static class MLNetPredictions
{
    /// <summary>
    /// Binary predictions: labels from a Boolean column (true is class 1) and scores from a calibrated trainer's
    /// probability column, read in row order.
    /// </summary>
    /// <param name="scored">Data scored by a binary model with a calibrator (SDCA logistic regression, L-BFGS logistic regression, SGD calibrated...).</param>
    /// <param name="labelColumnName">The Boolean label column; default <c>Label</c>.</param>
    /// <param name="probabilityColumnName">The Single probability column; default <c>Probability</c>.</param>
    /// <param name="idColumnName">An optional column of text or integer ids that pair rows between runs.</param>
    /// <exception cref="MLNetDataException">A column is missing or has the wrong type (the message lists the columns), or a probability is not finite.</exception>
    public static Predictions Binary(IDataView scored, string labelColumnName = "Label", string probabilityColumnName = "Probability", string? idColumnName = null)
    {
        var rows = ScoredData.ReadBinary(scored, labelColumnName, probabilityColumnName, scoreName: null, idColumnName);
        return Predictions.Binary(rows.Labels, rows.Probabilities, rows.Ids);
    }

    /// <summary>
    /// Multiclass predictions: class indexes from a key label column (<c>MapValueToKey</c>; key k is class k - 1)
    /// and the per-class scores, named after the label's key values when they are text.
    /// </summary>
    /// <param name="scored">Data scored by a multiclass model.</param>
    /// <param name="labelColumnName">The key label column; default <c>Label</c>.</param>
    /// <param name="scoreColumnName">The vector of per-class scores; default <c>Score</c>.</param>
    /// <param name="idColumnName">An optional column of text or integer ids.</param>
    /// <exception cref="MLNetDataException">A column is missing or has the wrong type, a label is missing, or a score is not finite.</exception>
    public static Predictions Multiclass(IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score", string? idColumnName = null)
    {
        var rows = ScoredData.ReadMulticlass(scored, labelColumnName, scoreColumnName, idColumnName);
        return Predictions.Multiclass(rows.Labels, rows.Scores, rows.Classes, rows.Ids);
    }

    /// <summary>Regression predictions: true values from a Single label column and estimates from a Single score column.</summary>
    /// <param name="scored">Data scored by a regression model.</param>
    /// <param name="labelColumnName">The Single label column; default <c>Label</c>.</param>
    /// <param name="scoreColumnName">The Single score column; default <c>Score</c>.</param>
    /// <param name="idColumnName">An optional column of text or integer ids.</param>
    /// <exception cref="MLNetDataException">A column is missing or has the wrong type, or a value is not finite.</exception>
    public static Predictions Regression(IDataView scored, string labelColumnName = "Label", string scoreColumnName = "Score", string? idColumnName = null)
    {
        var rows = ScoredData.ReadRegression(scored, labelColumnName, scoreColumnName, idColumnName);
        return Predictions.Regression(rows.Targets, rows.Estimates, rows.Ids);
    }
}
