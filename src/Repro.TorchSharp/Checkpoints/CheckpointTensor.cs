namespace Repro.TorchSharp.Checkpoints;

/// <summary>One state-dict entry of a checkpoint: its key, element type, shape and length in bytes.</summary>
internal sealed record CheckpointTensor(string Name, string Dtype, long[] Shape, long Bytes)
{
    /// <summary>The shape as <c>[2, 3]</c>, for messages.</summary>
    public static string ShapeText(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
