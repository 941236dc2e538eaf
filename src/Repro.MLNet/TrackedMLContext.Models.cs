using Microsoft.ML;
using Repro.Artifacts;

namespace Repro.MLNet;

/// <summary>Training with clear errors, and models kept as the run's artifacts.</summary>
public sealed partial class TrackedMLContext
{
    /// <summary>The file name a model is stored under in its artifact.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>
    /// Trains an estimator (a trainer or a whole pipeline) on data, with clear errors where ML.NET's are obscure:
    /// data without rows is refused before training, and a column the pipeline needs but the data lacks (or has
    /// with another type) is reported with the list of columns the data has.
    /// </summary>
    /// <exception cref="MLNetDataException">The data has no rows, or lacks a column the pipeline needs (the message lists the columns it has).</exception>
    public TTransformer Fit<TTransformer>(IEstimator<TTransformer> estimator, IDataView trainingData)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(trainingData);
        if (!ScoredData.HasRows(trainingData))
        {
            throw new MLNetDataException("The training data has no rows: there is nothing to train on.");
        }

        try
        {
            return estimator.Fit(trainingData);
        }
        catch (ArgumentOutOfRangeException ex) when (ex.Message.Contains("column", StringComparison.OrdinalIgnoreCase))
        {
            // ML.NET reports a missing or mistyped column (a schema mismatch) this way, without the columns there are.
            throw new MLNetDataException(
                $"The training data does not fit the pipeline: {ex.Message} The data has the columns {ScoredData.DescribeColumns(trainingData.Schema)}.", ex);
        }
    }

    /// <summary>
    /// Saves a trained model with the schema of its input (ML.NET's zip format) as a version of the artifact
    /// <paramref name="name"/> produced by this run (see <see cref="Tracking.Run.LogArtifact"/>): a new version
    /// only when the bytes are new to the name. The zip's time stamps, which ML.NET sets to the time of saving, are
    /// fixed, so the same model always has the same digest: a model trained again with the same seed is the same version.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="inputSchema">The schema of the data the model reads (for example the training data's).</param>
    /// <param name="name"><c>KIND/NAME</c>, such as <c>model/churn</c>.</param>
    /// <param name="aliases">Aliases to point at the version (for example <c>champion</c>).</param>
    /// <returns>The version, with its digest.</returns>
    /// <exception cref="ArtifactException">The name is invalid or the store keeps no artifacts.</exception>
    public ArtifactInfo SaveModel(ITransformer model, DataViewSchema inputSchema, string name, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(name);
        var folder = Directory.CreateTempSubdirectory("repro-mlnet-");
        try
        {
            var saved = Path.Combine(folder.FullName, "saved.zip");
            Context.Model.Save(model, inputSchema, saved);
            var path = Path.Combine(folder.FullName, ModelFileName);
            ModelArchive.WriteCanonical(saved, path);
            return Run.LogArtifact(path, name, aliases);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Loads a model saved by <see cref="SaveModel"/>, recording this run as its consumer (lineage). The bytes
    /// are read in full and their digest checked before ML.NET sees them, so a model whose file changed on disk
    /// is never loaded.
    /// </summary>
    /// <param name="reference"><c>NAME</c> (latest), <c>NAME:vN</c>, <c>NAME@alias</c>, the same with <c>KIND/</c>, or <c>blake3:DIGEST</c>.</param>
    /// <param name="inputSchema">The schema of the data the model reads, as saved.</param>
    /// <exception cref="ArtifactNotFoundException">The reference matches nothing.</exception>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match their digest (the message names both digests).</exception>
    /// <exception cref="ArtifactException">The artifact is not an ML.NET model.</exception>
    public ITransformer LoadModel(string reference, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var buffer = new MemoryStream();
        using (var stream = Run.OpenArtifact(reference))
        {
            stream.CopyTo(buffer); // the digest is checked at the end of the stream: nothing is parsed before
        }

        buffer.Position = 0;
        try
        {
            return Context.Model.Load(buffer, out inputSchema);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new ArtifactException($"The artifact '{reference}' is not an ML.NET model: {ex.Message}", innerException: ex);
        }
    }
}
