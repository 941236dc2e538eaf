namespace Repro.MLNet;

/// <summary>
/// Data given to ML.NET, or scored by it, does not have the shape the operation needs: no rows, a missing
/// column, a column of the wrong type, a label outside the model's classes. The message names the column and
/// lists the columns the data has.
/// </summary>
public sealed class MLNetDataException : ReproException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the data and what to do.</param>
    /// <param name="innerException">ML.NET's own error, when it found the problem first.</param>
    public MLNetDataException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
