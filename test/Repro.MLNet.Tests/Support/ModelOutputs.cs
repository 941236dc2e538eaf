using Microsoft.ML;
using Microsoft.ML.Data;

namespace Repro.MLNet.Tests.Support;

/// <summary>A model's scores on data, as raw bits, so that tests compare them bit for bit.</summary>
internal static class ModelOutputs
{
    public static int[] ScoreBits(ITransformer model, IDataView data, string column = "Score")
    {
        var scored = model.Transform(data);
        var type = scored.Schema[column].Type;
        var values = type is VectorDataViewType
            ? scored.GetColumn<float[]>(column).SelectMany(v => v)
            : scored.GetColumn<float>(column);
        return [.. values.Select(BitConverter.SingleToInt32Bits)];
    }
}
